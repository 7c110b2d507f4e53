/**
 * Tells a page's own fetch or XHR from a request only the browser saw. Chromium reports a
 * dedicated worker's fetch and an EventSource exactly as the page's own, so each such request
 * (a candidate) waits for the page side's request spans: a span of the same tab, method and URL
 * that started within MATCH_MS consumes it (it is the page's own, recorded already). A candidate
 * still unmatched GRACE_MS after its end was seen only by the browser.
 *
 * Spans that come before their twin wait as long, so the order of the two does not matter.
 * A WebSocket's handshake waits far longer (SOCKET_HOLD_MS): the page side's span of the socket
 * comes when it closes, or when the page is left; once its tab has moved to another document,
 * GRACE_MS more (release).
 * Memory is bounded: past MAX_WAITING candidates the oldest is dropped and counted (deciding it
 * early as unmatched would record a page's own request twice, the likelier case in a flood).
 */
import { REDACTED } from '../../protocol/span';

/** How long after its end a candidate waits: the page side's span waits up to 5 s for its Resource Timing entry, then the bridge sends it. */
export const GRACE_MS = 8000;
/** How far apart the two starts of one request may be. */
export const MATCH_MS = 1000;
/** How long after its handshake a WebSocket's candidate waits at most for the page side's span of the socket. */
export const SOCKET_HOLD_MS = 24 * 3600_000;
/** Candidates (and page-side spans) kept waiting at most. */
export const MAX_WAITING = 1000;

/** What the two sides know of a request; `url` is redacted on the page side. */
export interface RequestKey {
  tabId: number;
  method: string;
  url: string;
  /** ms since the epoch. */
  start: number;
}

interface Waiting<T> {
  key: RequestKey;
  until: number;
  value?: T;
}

export class Matcher<T> {
  private candidates: Waiting<T>[] = [];
  private spans: Waiting<T>[] = [];
  /** Candidates dropped over the cap. */
  dropped = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A request only the page side's spans can decide on; `end` is when it ended, `grace` how long after it waits. */
  offer(key: RequestKey, end: number, value: T, grace = GRACE_MS): void {
    const i = this.spans.findIndex((s) => same(s.key, key));
    if (i >= 0) {
      this.spans.splice(i, 1);
      return;
    }
    this.candidates.push({ key, until: end + grace, value });
    if (this.candidates.length > MAX_WAITING) {
      this.candidates.shift();
      this.dropped++;
    }
  }

  /** A request span the page side stored: it consumes its twin, or waits for it. */
  seen(key: RequestKey): void {
    const i = this.candidates.findIndex((c) => same(c.key, key));
    if (i >= 0) {
      this.candidates.splice(i, 1);
      return;
    }
    this.spans.push({ key, until: this.now() + GRACE_MS });
    if (this.spans.length > MAX_WAITING) this.spans.shift();
  }

  /**
   * Tab `tabId` shows a document that began at `since`: candidates of the tab that started
   * before it wait GRACE_MS more at most (the page side sent its spans as that document was left).
   */
  release(tabId: number, since: number): void {
    const until = this.now() + GRACE_MS;
    for (const c of this.candidates) if (c.key.tabId === tabId && c.key.start < since && c.until > until) c.until = until;
  }

  /** The candidates whose grace is over, unmatched: requests only the browser saw. */
  due(): T[] {
    const now = this.now();
    const over = this.candidates.filter((c) => c.until <= now);
    this.candidates = this.candidates.filter((c) => c.until > now);
    this.spans = this.spans.filter((s) => s.until > now);
    return over.map((c) => c.value!);
  }

  /** Candidates waiting. */
  get size(): number {
    return this.candidates.length;
  }
}

/** Whether the two sides name one request: its tab, method, URL (as far as redaction leaves it) and start. */
export function same(a: RequestKey, b: RequestKey): boolean {
  return a.tabId === b.tabId && a.method.toUpperCase() === b.method.toUpperCase() && Math.abs(a.start - b.start) <= MATCH_MS && sameUrl(a.url, b.url);
}

/**
 * Origin and path compared, and the query too when neither side's has REDACTED in it: the page
 * side stores its URL with secret values replaced by REDACTED.
 */
export function sameUrl(a: string, b: string): boolean {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y || x.origin !== y.origin) return false;
  if (!x.path.includes(REDACTED) && !y.path.includes(REDACTED) && x.path !== y.path) return false;
  return x.query.includes(REDACTED) || y.query.includes(REDACTED) || x.query === y.query;
}

function parts(url: string): { origin: string; path: string; query: string } | undefined {
  try {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname, query: u.search };
  } catch {
    return undefined;
  }
}
