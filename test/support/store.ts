/** Store helpers for tests. */
import type { SpanRecord } from '../../src/protocol/span';
import { exportedUpTo, type SpanlightDB } from '../../src/store/db';
import { storeBatch, type BatchSource } from '../../src/store/write-spans';
import { randomHexId } from '../../src/tracer/ids';

/** Stores `spans` as one arrived batch; resolves with the count stored. */
export function store(db: SpanlightDB, spans: readonly SpanRecord[], tab: BatchSource = { runId: 'r1', tabId: 1 }): Promise<number> {
  return storeBatch(db, randomHexId(8), spans, tab);
}

/** Span ids the collector has: before the export watermark and not parked. */
export async function exportedIds(db: SpanlightDB): Promise<Set<string>> {
  const watermark = await exportedUpTo(db);
  const parked = new Set((await db.parked.toArray()).flatMap((row) => row.spans.map((s) => s.spanId)));
  const ids = new Set<string>();
  for (const batch of await db.batches.where('seq').belowOrEqual(watermark.seq).toArray()) {
    const spans = (await db.payloads.get(batch.seq!))!.spans;
    const upTo = batch.seq === watermark.seq ? watermark.offset : spans.length;
    for (const span of spans.slice(0, upTo)) if (!parked.has(span.spanId)) ids.add(span.spanId);
  }
  return ids;
}
