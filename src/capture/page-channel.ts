/**
 * The page side of the private channel: a MessageChannel whose far end is handed to the bridge
 * at document_start, before any page script exists. Events are batched per task.
 */
import { PAGE_HELLO, parsePageConfig, type PageConfig, type PageEvent } from '../protocol/page';

/** Queues one event for the bridge. */
export type Emit = (event: PageEvent) => void;

/** Opens the channel; `onConfig` gets each config from the bridge. Returns the function that sends events. */
export function openPageChannel(signal: AbortSignal, onConfig: (config: PageConfig) => void): Emit {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (message) => {
    const config = parsePageConfig(message.data);
    if (config) onConfig(config);
  };
  // Bound now: page scripts that later patch MessagePort or queueMicrotask cannot intercept us.
  const post = port1.postMessage.bind(port1);
  const later = queueMicrotask.bind(window);
  window.postMessage({ type: PAGE_HELLO }, '*', [port2]);
  signal.addEventListener('abort', () => port1.close(), { once: true });

  let batch: PageEvent[] = [];
  const flush = () => {
    const events = batch;
    batch = [];
    if (!signal.aborted) post(events);
  };
  return (event) => {
    if (batch.push(event) === 1) later(flush);
  };
}
