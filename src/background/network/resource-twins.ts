/**
 * One span for a beacon or an event stream. The page side sees them only as Resource Timing
 * entries (`resourceFetch`, initiator `beacon` in Chromium, `other` in Firefox and for an
 * EventSource in both), without their method or status; the browser's view (webRequest) has
 * both. Whichever comes first waits for its twin a while: a page-side resource span with a twin
 * the browser saw is left out before it is stored (the client span stands for the request), and
 * a request the browser saw whose page-side twin is stored already is not recorded again.
 */
import { hrTimeToMs, type SpanRecord } from '../../protocol/span';
import { MATCH_MS, sameUrl } from './matcher';

/** How long either side waits for its twin, ms. */
const KEEP_MS = 15_000;
/** Entries kept of each side at most. */
const MAX_KEPT = 1000;
/** The Resource Timing initiators a beacon or an EventSource is reported under. */
const TWIN_INITIATORS = new Set(['beacon', 'other']);

interface Seen {
  tabId: number;
  url: string;
  /** ms since the epoch. */
  start: number;
  until: number;
}

const twins = (a: Seen, b: Omit<Seen, 'until'>) => a.tabId === b.tabId && Math.abs(a.start - b.start) <= MATCH_MS && sameUrl(a.url, b.url);

export class ResourceTwins {
  private observed: Seen[] = [];
  private resources: Seen[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The browser saw a beacon or an event stream: false when the page side's span of it is stored
   * already (nothing to record), else true, and it is kept for the page side's span to find.
   */
  observedOnce(tabId: number, url: string, start: number): boolean {
    this.expire();
    const key = { tabId, url, start };
    const i = this.resources.findIndex((r) => twins(r, key));
    if (i >= 0) {
      this.resources.splice(i, 1);
      return false;
    }
    push(this.observed, { ...key, until: this.now() + KEEP_MS });
    return true;
  }

  /** The page side's spans of a tab, less the resource spans the browser's view stands for. */
  readonly merge = (tabId: number, spans: SpanRecord[]): SpanRecord[] => {
    this.expire();
    return spans.filter((span) => {
      const initiator = span.attributes['spanlight.resource.initiator_type'];
      const url = span.attributes['url.full'];
      if (span.name !== 'resourceFetch' || typeof initiator !== 'string' || !TWIN_INITIATORS.has(initiator) || typeof url !== 'string') return true;
      const key = { tabId, url, start: hrTimeToMs(span.start) };
      const i = this.observed.findIndex((o) => twins(o, key));
      if (i < 0) {
        push(this.resources, { ...key, until: this.now() + KEEP_MS });
        return true;
      }
      this.observed.splice(i, 1);
      return false;
    });
  };

  private expire(): void {
    const now = this.now();
    if (this.observed.length) this.observed = this.observed.filter((o) => o.until > now);
    if (this.resources.length) this.resources = this.resources.filter((r) => r.until > now);
  }
}

function push(list: Seen[], seen: Seen): void {
  list.push(seen);
  if (list.length > MAX_KEPT) list.shift();
}
