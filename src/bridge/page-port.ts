/**
 * The bridge's end of the private page channel. The first PAGE_HELLO carrying a port is ours:
 * the MAIN-world script posts it at document_start, before any page script can run, and window
 * messages are delivered in order. Any later hello is a forgery and is only counted.
 */
import { PAGE_HELLO } from '../protocol/page';

export interface PagePortHandlers {
  /** A batch arrived on the private port (still untrusted: parse it). */
  onBatch(data: unknown): void;
  /** A look-alike hello arrived after the handshake. */
  onForged(): void;
}

export function acceptPagePort(handlers: PagePortHandlers, signal: AbortSignal): void {
  let port: MessagePort | undefined;
  window.addEventListener(
    'message',
    (event) => {
      if (event.source !== window || (event.data as { type?: unknown } | null)?.type !== PAGE_HELLO) return;
      // Our listener was added before any page script: the page never sees the hello.
      event.stopImmediatePropagation();
      if (port || event.ports.length !== 1) {
        handlers.onForged();
        return;
      }
      port = event.ports[0]!;
      port.onmessage = (message) => handlers.onBatch(message.data);
      signal.addEventListener('abort', () => port?.close(), { once: true });
    },
    { capture: true, signal },
  );
}
