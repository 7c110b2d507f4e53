/** The limit on the spans stored per page view (settings.limits.spansPerPageView). */
import type { SpanRecord } from '../protocol/span';
import type { SpanlightDB } from './db';

/**
 * The spans of `spans` that fit in their page views' limit of `max` stored spans (counting what
 * is stored already), and how many do not. Imports are not limited.
 */
export async function withinPageViewLimit(db: SpanlightDB, spans: SpanRecord[], max: number): Promise<{ kept: SpanRecord[]; over: number }> {
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  const room = new Map<string, number>();
  for (const [i, row] of (await db.pageViews.bulkGet(traceIds)).entries()) room.set(traceIds[i]!, max - (row?.spans ?? 0));
  const kept = spans.filter((span) => {
    const left = room.get(span.traceId)!;
    room.set(span.traceId, left - 1);
    return left > 0;
  });
  return { kept, over: spans.length - kept.length };
}
