/**
 * The span that says, in a page view's own trace, how many of its events or spans were left out
 * (malformed, forged, over the rate limit, over the spans-per-page-view limit): drops are visible
 * in the exported data too, not only in the extension's status.
 */
import type { PageContext } from '../protocol/bridge';
import type { HrTime, SpanRecord } from '../protocol/span';
import { randomHexId } from '../tracer/ids';

/** A `spanlight.dropped` span of `count`, at `now` (Unix ms), under the page view's root. */
export function droppedSpan(page: PageContext, count: number, pageUrl: string, now = Date.now()): SpanRecord {
  const time: HrTime = [Math.floor(now / 1000), (now % 1000) * 1e6];
  return {
    traceId: page.traceId,
    spanId: randomHexId(8),
    parentSpanId: page.rootSpanId,
    name: 'spanlight.dropped',
    kind: 0,
    start: time,
    end: time,
    status: { code: 0 },
    attributes: { 'spanlight.dropped.count': count },
    events: [],
    pageUrl,
  };
}
