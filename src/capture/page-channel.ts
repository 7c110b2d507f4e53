/**
 * The page side of the private channel: a MessageChannel whose far end is handed to the bridge
 * at document_start, before any page script exists. The bridge answers on it with its config,
 * which names a DOM event only the two of them know; from then on, events (batched per task)
 * cross on that event, and the bridge sends each batch on at once. Dispatching it is
 * synchronous, so nothing is in flight when the page goes away, where a port message (a task)
 * posted just before might never be delivered. A page script cannot know the name, so it can
 * neither forge nor read these events.
 */
import { PAGE_HELLO, PAGE_LIMITS, parsePageConfig, type PageConfig, type PageEvent } from '../protocol/page';

/** Queues one event for the bridge. */
export type Emit = (event: PageEvent) => void;

export interface PageChannel {
  emit: Emit;
  /** Sends what is queued now (as the page is left), synchronously. */
  flushNow(): void;
}

/** Opens the channel; `onConfig` gets each config from the bridge. */
export function openPageChannel(signal: AbortSignal, onConfig: (config: PageConfig) => void): PageChannel {
  const { port1, port2 } = new MessageChannel();
  let flushEvent: string | undefined;
  port1.onmessage = (message) => {
    const config = parsePageConfig(message.data);
    if (!config) return;
    flushEvent = config.flushEvent;
    onConfig(config);
  };
  // Bound now: page scripts that later patch MessagePort, queueMicrotask, dispatchEvent or JSON
  // cannot intercept us.
  const post = port1.postMessage.bind(port1);
  const later = queueMicrotask.bind(window);
  const dispatch = window.dispatchEvent.bind(window);
  const stringify = JSON.stringify;
  const Custom = CustomEvent;
  window.postMessage({ type: PAGE_HELLO }, '*', [port2]);
  signal.addEventListener('abort', () => port1.close(), { once: true });

  let batch: PageEvent[] = [];
  const take = () => {
    const events = batch;
    batch = [];
    return events;
  };
  const flushNow = () => {
    if (!batch.length || signal.aborted) return;
    // Before the config arrives (the first milliseconds), the port is the only way.
    if (!flushEvent) return post(take());
    dispatch(new Custom(flushEvent, { detail: stringify(take()) }));
  };
  return {
    emit: (event) => {
      const size = batch.push(event);
      if (size === 1) later(flushNow);
      // A task that emits more than a batch may hold (a flood) sends it at once: the bridge
      // refuses a larger batch whole, and would count it as one drop, not as the events it held.
      else if (size >= PAGE_LIMITS.eventsPerBatch) flushNow();
    },
    flushNow,
  };
}
