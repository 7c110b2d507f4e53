/**
 * A client span per WebSocket, from `new WebSocket()` to its close event (or to the page being
 * left with it open). The page gets the browser's own socket: the constructor's wrapper makes it
 * with the page's `new.target`, so `instanceof`, its prototype and subclasses are as without us.
 * Listeners are the platform's, added once per socket, never cancelling or stopping anything.
 * Messages are counted and sized through the platform's getters, never read: a flood costs a few
 * additions per message.
 */
import { PAGE_LIMITS, type PageEventMap } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { CaptureContext } from './context';
import { wrapConstructor, wrapMethod } from './native';
import { reader } from './page-values';
import { apply, arg, construct, getter, now, on } from './platform';

/** What a socket's event holds until it ends: its fields as they are sent. */
type Socket = Omit<PageEventMap['websocket'], 'end' | 'protocol' | 'code' | 'clean' | 'error'> & { opened: boolean };

const { get, set, delete: remove, forEach } = Map.prototype;
const encode = TextEncoder.prototype.encode;
const encoder = new TextEncoder();
const { isView } = ArrayBuffer;
const typedLength = reader<number>(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength');
const viewLength = reader<number>(DataView.prototype, 'byteLength');
const bufferLength = reader<number>(ArrayBuffer.prototype, 'byteLength');
const blobSize = reader<number>(Blob.prototype, 'size');

/**
 * The bytes of what a socket sends or receives: a string's UTF-8, binary data's own size, read
 * by the platform's getters (which check what they are given without running any page code).
 */
export function sizeOf(data: unknown): number {
  if (typeof data === 'string') return typedLength(apply(encode, encoder, [data])) ?? 0;
  // Anything else the browser converted to a string itself (by the page's code, for an object,
  // which we never run): its size is not known.
  return (isView(data) ? (typedLength(data) ?? viewLength(data)) : (bufferLength(data) ?? blobSize(data))) ?? 0;
}

export function instrumentWebSockets({ emit, signal, trace }: CaptureContext): void {
  const proto = WebSocket.prototype;
  const socketUrl = getter(proto, 'url');
  const protocolOf = getter(proto, 'protocol');
  const messageData = reader<unknown>(MessageEvent.prototype, 'data');
  const closeCode = reader<number>(CloseEvent.prototype, 'code');
  const wasClean = reader<boolean>(CloseEvent.prototype, 'wasClean');
  /** The sockets not closed yet (which the browser keeps alive anyway), ended as the page is left. */
  const open = new Map<WebSocket, Socket>();
  const socketOf = (socket: unknown) => apply(get, open, [socket]) as Socket | undefined;

  const finish = (socket: WebSocket, code = 0, clean = false) => {
    const s = socketOf(socket)!;
    if (!apply(remove, open, [socket])) return; // ended already (the page was left)
    // Failed: the handshake, or a close other than normal, going away or none given (a plain
    // close()). The subprotocol the server chose stays on the socket once closed.
    const error = !code ? '' : !s.opened ? 'HandshakeError' : clean && (code === 1000 || code === 1001 || code === 1005) ? '' : `${code}`;
    emit({ type: 'websocket', ...s, end: now(), protocol: truncate(apply(protocolOf, socket, []) as string, PAGE_LIMITS.short), code, clean, error });
  };
  const restoreConstructor = wrapConstructor(window, 'WebSocket', (original, args, newTarget) => {
    const start = now();
    const socket = construct(original as typeof WebSocket, args as [string], newTarget) as WebSocket;
    try {
      // Every field its own from the start: what is read or written never reaches a prototype.
      const s: Socket = { url: truncate(apply(socketUrl, socket, []) as string, PAGE_LIMITS.url), start, view: trace.view, opened: false, messages_sent: 0, messages_received: 0, bytes_sent: 0, bytes_received: 0 };
      apply(set, open, [socket, s]);
      // No signal: it would hold each socket until capture stops. Stopped, what they record
      // goes nowhere (the page channel is closed).
      // Only the browser's events: one the page dispatches itself is no message and no close.
      // (`isTrusted` is each event's own unforgeable property.)
      on(socket, 'open', (event: Event) => event.isTrusted && (s.opened = true), {});
      on(socket, 'message', (event: Event) => event.isTrusted && (s.messages_received++, (s.bytes_received += sizeOf(messageData(event)))), {});
      on(socket, 'close', (event: Event) => event.isTrusted && finish(socket, closeCode(event), wasClean(event)), {});
    } catch {
      // a socket we cannot watch is still the page's
    }
    return socket;
  });
  const restoreSend = wrapMethod(proto, 'send', (original, self, args) => {
    const result = apply(original, self, args);
    // Counted once the browser took it (a CONNECTING socket throws above), until the close event
    // (a closing socket drops what it is given, and is counted still).
    const s = socketOf(self);
    if (s) (s.messages_sent++, (s.bytes_sent += sizeOf(arg(args, 0))));
    return result;
  });
  // Before the page side's own pagehide listener (src/capture/index.ts), which sends what is queued.
  window.addEventListener('pagehide', () => apply(forEach, open, [(_: Socket, socket: WebSocket) => finish(socket)]), { signal });
  signal.addEventListener(
    'abort',
    () => {
      restoreConstructor();
      restoreSend();
    },
    { once: true },
  );
}
