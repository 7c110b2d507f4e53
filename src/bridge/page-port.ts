/**
 * The bridge's end of the private page channel. The first PAGE_HELLO carrying a port is ours:
 * the MAIN-world script posts it at document_start, before any page script can run, and window
 * messages are delivered in order. Any later hello is a forgery and is only counted.
 */
import { PAGE_HELLO, type PageConfig } from '../protocol/page';

export interface PagePortHandlers {
  /** A batch arrived on the private port (still untrusted: parse it). */
  onBatch(data: unknown): void;
  /** A look-alike hello arrived after the handshake. */
  onForged(): void;
}

/**
 * Listens for the handshake; returns the function that sends the page side its config (the
 * latest one waits for the handshake if it has not happened yet).
 */
export function acceptPagePort(handlers: PagePortHandlers, signal: AbortSignal): (config: PageConfig) => void {
  let port: MessagePort | undefined;
  let waiting: PageConfig | undefined;
  window.addEventListener(
    'message',
    (event) => {
      if (event.source !== window || (event.data as { type?: unknown } | null)?.type !== PAGE_HELLO) return;
      // A later look-alike is the page's own message: counted, and left to reach the page's
      // listeners as it would without us.
      if (port || event.ports.length !== 1) {
        handlers.onForged();
        return;
      }
      // Ours: our listener was added before any page script, so the page never sees it.
      event.stopImmediatePropagation();
      port = event.ports[0]!;
      port.onmessage = (message) => handlers.onBatch(message.data);
      signal.addEventListener('abort', () => port?.close(), { once: true });
      if (waiting) port.postMessage(waiting);
    },
    { capture: true, signal },
  );
  return (config) => {
    if (port) port.postMessage(config);
    else waiting = config;
  };
}
