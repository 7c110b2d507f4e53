/**
 * The export requests for the next pending spans: read in arrival order from a position in the
 * store, and encoded within the user's span and byte limits. The exporter prepares the next round
 * from where the current one ends while the current one is on the wire, so reading and encoding
 * overlap with the network.
 */
import type { Settings } from '../settings';
import type { SpanRecord } from '../protocol/span';
import type { Position, SpanlightDB } from '../store/db';
import { pendingSpans } from '../store/queries';
import { encodeParts } from '../otlp/encode';
import type { BrowserInfo } from '../otlp/resource';

/** One request: its body, its spans, and the position just after them (the watermark once delivered). */
export interface PendingRequest {
  body: Uint8Array;
  spans: SpanRecord[];
  upTo: Position;
}

/**
 * Requests for up to `limit` of the spans pending after `after`, in arrival order, in the user's
 * protocol and within their spans and kilobytes (before compression) per request.
 */
export async function nextRequests(
  db: SpanlightDB,
  after: Position,
  limit: number,
  settings: Pick<Settings['export'], 'protocol' | 'batchSpans' | 'batchKilobytes'>,
  browserInfo: BrowserInfo,
): Promise<PendingRequest[]> {
  const { spans, positions } = await pendingSpans(db, limit, after);
  return encodeParts(spans, settings.protocol, browserInfo, settings.batchSpans, settings.batchKilobytes * 1024).map(({ from, to, body }) => ({
    body,
    spans: spans.slice(from, to),
    upTo: positions[to - 1]!,
  }));
}
