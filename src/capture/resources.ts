/**
 * Resource Timing: one span per resource the page loads (scripts, styles, images, …). A fetch or
 * XHR and its own entry are one span: the request waits here for its entry (matched by URL, API
 * and start time), takes its sizes and protocol, and ends when its body did.
 */
import type { PageEventMap } from '../protocol/page';
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { Emit } from './page-channel';

type Http = { type: 'http' } & PageEventMap['http'];

const INITIATOR: Record<Http['api'], string> = { fetch: 'fetch', xhr: 'xmlhttprequest' };
/** How long a finished request waits for its entry before it is sent without one. */
const WAIT_MS = 5_000;
/** An entry belongs to a request that started within this many ms of it. */
const START_SLACK_MS = 50;

/** The sizes and protocol a resource entry adds to a span (absent where the entry hides them). */
export function entryFields(entry: PerformanceResourceTiming) {
  return {
    transferSize: entry.transferSize,
    encodedBodySize: entry.encodedBodySize,
    decodedBodySize: entry.decodedBodySize,
    ...(entry.nextHopProtocol ? { protocol: truncate(entry.nextHopProtocol, 32) } : {}),
  };
}

export class ResourceTimings {
  private readonly waiting: { event: Http; timer: ReturnType<typeof setTimeout> }[] = [];

  constructor(
    private readonly emit: Emit,
    signal: AbortSignal,
  ) {
    if (typeof PerformanceObserver !== 'function' || !PerformanceObserver.supportedEntryTypes?.includes('resource')) return;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) this.onEntry(entry);
    });
    // buffered: what loaded before this observer existed is reported too.
    observer.observe({ type: 'resource', buffered: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  /** A finished fetch/XHR: sent with its entry once that arrives, or alone after a while. */
  finished(event: Http): void {
    if (event.error !== undefined) return this.emit(event); // a failed request has no entry to wait for
    const waiting = { event, timer: setTimeout(() => this.release(waiting), WAIT_MS) };
    this.waiting.push(waiting);
  }

  private release(waiting: { event: Http; timer: ReturnType<typeof setTimeout> }, entry?: PerformanceResourceTiming): void {
    const at = this.waiting.indexOf(waiting);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    clearTimeout(waiting.timer);
    this.emit(entry ? { ...waiting.event, ...entryFields(entry), end: Math.max(waiting.event.end, entry.responseEnd) } : waiting.event);
  }

  private onEntry(entry: PerformanceResourceTiming): void {
    if (entry.initiatorType === 'fetch' || entry.initiatorType === 'xmlhttprequest') {
      const match = this.waiting.find(
        (w) => INITIATOR[w.event.api] === entry.initiatorType && w.event.url === entry.name && Math.abs(w.event.start - entry.startTime) <= START_SLACK_MS,
      );
      if (match) this.release(match, entry);
      return; // our own requests are spans already; others (before document_start) are not ours to guess
    }
    this.emit({
      type: 'resource',
      initiatorType: truncate(entry.initiatorType, PAGE_LIMITS.short),
      url: truncate(entry.name, PAGE_LIMITS.url),
      start: Math.max(0, entry.startTime),
      end: Math.max(0, entry.responseEnd || entry.startTime + entry.duration),
      renderBlocking: (entry as PerformanceResourceTiming & { renderBlockingStatus?: string }).renderBlockingStatus === 'blocking',
      ...entryFields(entry),
    });
  }
}
