/**
 * The page side of the private channel: a MessageChannel whose far end is handed to the bridge
 * at document_start, before any page script exists. The bridge answers on it with its config,
 * which names a DOM event only the two of them know; from then on, events (batched per task)
 * cross on that event, and the bridge sends each batch on at once. Dispatching it is
 * synchronous, so nothing is in flight when the page goes away, where a port message (a task)
 * posted just before might never be delivered. A page script cannot know the name, so it can
 * neither forge nor read these events.
 */
import { PAGE_HELLO, PAGE_LIMITS, type PageConfig, type PageEvent } from '../protocol/page';
import { apply, getter, list } from './platform';

/** Queues one event for the bridge. */
export type Emit = (event: PageEvent) => void;

export interface PageChannel {
  emit: Emit;
  /** Sends what is queued now (as the page is left), synchronously. */
  flushNow(): void;
}

// Taken now: page scripts that later patch MessagePort, MessageEvent, queueMicrotask,
// dispatchEvent or CustomEvent cannot read or steer what crosses.
const messageData = getter(MessageEvent.prototype, 'data');
const { postMessage: portPost, close: portClose } = MessagePort.prototype;
const { dispatchEvent } = EventTarget.prototype;
const { push } = Array.prototype;
const Custom = CustomEvent;
const later = queueMicrotask.bind(window);

/** Opens the channel; `onConfig` gets each config from the bridge. */
export function openPageChannel(signal: AbortSignal, onConfig: (config: PageConfig) => void): PageChannel {
  const { port1, port2 } = new MessageChannel();
  let flushEvent: string | undefined;
  port1.onmessage = (message) => {
    // Only the bridge holds the other end (it took the hello before any page script ran), so
    // the config is read as it comes: checking it would call methods a page may have replaced.
    const config = apply(messageData, message, []) as PageConfig | null;
    if (!config || config.type !== 'config') return;
    flushEvent = config.flushEvent;
    onConfig(config);
  };
  window.postMessage({ type: PAGE_HELLO }, '*', [port2]);
  // A flag of our own: AbortSignal.prototype.aborted is the page's to patch.
  let closed = false;
  signal.addEventListener('abort', () => ((closed = true), apply(portClose, port1, [])), { once: true });

  let batch = list<PageEvent>();
  const take = () => {
    const events = batch;
    batch = list();
    return events;
  };
  const flushNow = () => {
    if (!batch.length || closed) return;
    // Before the config arrives (the first milliseconds), the port is the only way.
    if (!flushEvent) return apply(portPost, port1, [take()]);
    // The events cross as they are, structured-cloned from their own data properties: no
    // serializer of ours that a page's Object.prototype.toJSON could hook, and a null-prototype
    // init, so no getter on Object.prototype sees the detail.
    apply(dispatchEvent, window, [new Custom(flushEvent, { __proto__: null, detail: take() } as CustomEventInit)]);
  };
  return {
    emit: (event) => {
      const size = apply(push, batch, [event]) as number;
      if (size === 1) later(flushNow);
      // A task that emits more than a batch may hold (a flood) sends it at once: the bridge
      // refuses a larger batch whole, and would count it as one drop, not as the events it held.
      else if (size >= PAGE_LIMITS.eventsPerBatch) flushNow();
    },
    flushNow,
  };
}
