/**
 * The page side of the private channel: a MessageChannel whose far end is handed to the bridge
 * at document_start, before any page script exists. Events are batched per task.
 */
import { PAGE_HELLO, parsePageConfig, type PageConfig, type PageEvent } from '../protocol/page';

/** Queues one event for the bridge. */
export type Emit = (event: PageEvent) => void;

export interface PageChannel {
  emit: Emit;
  /**
   * Sends what is queued now, synchronously: for a page being left, where a port message (a
   * task) might never be delivered. Uses the DOM event whose random name the bridge gave in its
   * config; a page script cannot know the name, so it can neither forge nor read these events.
   */
  flushNow(): void;
  /**
   * While the page is being left, every batch goes out synchronously as flushNow sends it: a
   * port message posted then might never be delivered.
   */
  setLeaving(leaving: boolean): void;
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
  let leaving = false;
  const flush = () => {
    if (leaving && flushEvent) return flushNow();
    const events = take();
    if (events.length && !signal.aborted) post(events);
  };
  const flushNow = () => {
    if (!batch.length || signal.aborted) return;
    if (!flushEvent) return post(take());
    dispatch(new Custom(flushEvent, { detail: stringify(take()) }));
  };
  return {
    emit: (event) => {
      if (batch.push(event) === 1) later(flush);
    },
    flushNow,
    setLeaving: (on) => void (leaving = on),
  };
}
