/**
 * The one way the bridge's observers watch the performance timeline, as web-vitals keeps it in
 * its lib/observe: the first of `types` this browser supports, buffered (what the page recorded
 * before the observer existed is delivered too), each list handed on, disconnected when `signal`
 * aborts.
 */

export interface Timeline {
  /** The entry type observed: the first of those asked for that the browser supports. */
  type: string;
  /** Hands on, now, the entries still waiting for the observer's next callback (the page is being left). */
  takeRecords(): void;
}

/** Observes the first supported of `types`; undefined where the browser supports none. */
export function observeTimeline<T extends PerformanceEntry>(types: readonly string[], onEntries: (entries: T[], type: string) => void, signal: AbortSignal): Timeline | undefined {
  if (typeof PerformanceObserver !== 'function') return undefined;
  const supported = PerformanceObserver.supportedEntryTypes ?? [];
  const type = types.find((t) => supported.includes(t));
  if (!type) return undefined;
  const observer = new PerformanceObserver((list) => onEntries(list.getEntries() as T[], type));
  observer.observe({ type, buffered: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return { type, takeRecords: () => onEntries(observer.takeRecords() as T[], type) };
}
