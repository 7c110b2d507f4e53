/**
 * Resource Timing: one span per resource the page loads (scripts, styles, images, …). A fetch or
 * XHR the page side reported and its own entry are one span: the request waits here, in the
 * bridge, for its entry (matched by URL, API and start time), takes its sizes and protocol, and
 * ends when its body did. Chromium makes no entry for a fetch whose body the page never reads:
 * such a request goes as it is after a while, on one timer shared by all that wait (never a timer
 * per request). A request that ends while the page is hidden or being left goes at once.
 */
import type { PageEventMap } from '../protocol/page';
import { PAGE_LIMITS, RESOURCE_MARKS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { PageEvent } from '../protocol/page';
import { observeTimeline, type Timeline } from './timeline';

type Http = { type: 'http' } & PageEventMap['http'];

const INITIATOR: Partial<Record<Http['api'], string>> = { fetch: 'fetch', xhr: 'xmlhttprequest' };
/** How long a finished request waits for its entry before it is sent without one. */
const WAIT_MS = 5_000;
interface Waiting {
  event: Http;
  /** When it finished, on the page's clock. */
  at: number;
}
/** An entry belongs to a request that started within this many ms of it. */
const START_SLACK_MS = 50;
/** Entries of our requests that came before the request finished (a small body can), kept a while. */
const EARLY_ENTRIES = 200;

/**
 * The sizes, protocol and marks a resource entry adds to a span (absent, or 0 for a mark, where
 * the entry hides them). The marks go as numbers only: the side that makes spans names them.
 */
export function entryFields(entry: PerformanceResourceTiming) {
  // The backend's own trace, where it names it: `Server-Timing: traceparent;desc=00-…`.
  const backend = entry.serverTiming?.find((t) => t.name === 'traceparent')?.description;
  return {
    transferSize: entry.transferSize,
    encodedBodySize: entry.encodedBodySize,
    decodedBodySize: entry.decodedBodySize,
    ...(entry.nextHopProtocol ? { protocol: truncate(entry.nextHopProtocol, 32) } : {}),
    ...(backend ? { backend: truncate(backend, 64) } : {}),
    timing: RESOURCE_MARKS.map((mark) => Math.max(0, entry[mark]) || 0),
  };
}

const belongs = (event: Http, entry: PerformanceResourceTiming) =>
  INITIATOR[event.api] === entry.initiatorType && event.url === entry.name && Math.abs(event.start - entry.startTime) <= START_SLACK_MS;

export class ResourceTimings {
  private readonly waiting: Waiting[] = [];
  private sweeping: ReturnType<typeof setTimeout> | undefined;
  private readonly early: PerformanceResourceTiming[] = [];
  private readonly timeline: Timeline | undefined;

  constructor(
    private readonly emit: (event: PageEvent) => void,
    signal: AbortSignal,
  ) {
    this.timeline = observeTimeline(['resource'], (entries: PerformanceResourceTiming[]) => this.onEntries(entries), signal);
  }

  /** The page is being left: entries not yet delivered are taken, and waiting requests go as they are. */
  leave(): void {
    this.timeline?.takeRecords();
    for (const waiting of [...this.waiting]) this.release(waiting);
  }

  /** Sends the requests that waited WAIT_MS for their entry without one; runs while any waits. */
  private readonly sweep = () => {
    this.sweeping = undefined;
    const due = performance.now() - WAIT_MS;
    for (const waiting of [...this.waiting]) if (waiting.at <= due) this.release(waiting);
    this.arm();
  };

  private arm(): void {
    const first = this.waiting[0];
    if (first && this.sweeping === undefined) this.sweeping = setTimeout(this.sweep, Math.max(0, first.at + WAIT_MS - performance.now()));
  }

  private onEntries(entries: PerformanceResourceTiming[]): void {
    for (const entry of entries) this.onEntry(entry);
  }

  /** A finished fetch/XHR: sent with its entry once that arrives, or alone after a while. */
  finished(event: Http): void {
    if (event.error !== undefined) return this.emit(event); // a failed request has no entry to wait for
    const at = this.early.findIndex((entry) => belongs(event, entry));
    if (at >= 0) return this.emit(this.merge(event, this.early.splice(at, 1)[0]!));
    if (document.visibilityState === 'hidden') return this.emit(event); // no later to wait for
    this.waiting.push({ event, at: performance.now() });
    this.arm();
  }

  private release(waiting: Waiting, entry?: PerformanceResourceTiming): void {
    const at = this.waiting.indexOf(waiting);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    if (!this.waiting.length) clearTimeout(this.sweeping), (this.sweeping = undefined);
    this.emit(entry ? this.merge(waiting.event, entry) : waiting.event);
  }

  private merge(event: Http, entry: PerformanceResourceTiming): Http {
    return { ...event, ...entryFields(entry), end: Math.max(event.end, entry.responseEnd) };
  }

  private onEntry(entry: PerformanceResourceTiming): void {
    if (entry.initiatorType === 'fetch' || entry.initiatorType === 'xmlhttprequest') {
      const match = this.waiting.find((w) => belongs(w.event, entry));
      if (match) return this.release(match, entry);
      // Its request may not have finished yet; an entry nobody claims is simply forgotten.
      this.early.push(entry);
      if (this.early.length > EARLY_ENTRIES) this.early.shift();
      return;
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
