/**
 * The times a span may have: from a day before its page's time origin to a minute after now.
 * Times come from the page (its page-relative milliseconds); outside this window they are
 * forged or broken, and a span dated years ahead would stay out of retention's reach (the age
 * rule deletes by end time). Such spans are left out and counted as invalid.
 */
import { hrTimeToMs, type SpanRecord } from '../protocol/span';

/** How far before the time origin a mark may be (Firefox reports some just before it). */
export const BEFORE_ORIGIN_MS = 86_400_000;
/** How far ahead of the background's clock a time may be (clocks of processes differ a little). */
export const AHEAD_MS = 60_000;

/** The spans of `spans` whose times, events' included, lie in the window, and how many do not. */
export function withinTimeWindow(spans: SpanRecord[], timeOrigin: number, now: number): { kept: SpanRecord[]; out: number } {
  const from = timeOrigin - BEFORE_ORIGIN_MS;
  const to = now + AHEAD_MS;
  const fits = (ms: number) => ms >= from && ms <= to;
  const kept = spans.filter((s) => fits(hrTimeToMs(s.start)) && fits(hrTimeToMs(s.end)) && s.events.every((e) => fits(hrTimeToMs(e.time))));
  return { kept, out: spans.length - kept.length };
}
