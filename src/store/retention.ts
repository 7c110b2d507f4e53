/**
 * Retention: keeps the store within the user's limits of age, count and bytes. Spans already
 * exported go first, oldest first (the exported ones are exactly the oldest arrivals); a span the
 * collector does not have yet is deleted only when the limits leave no other choice, and it is
 * then reported as dropped. Spans go a whole arrived batch at a time.
 */
import type { HrTime } from '../protocol/span';
import { exportedUpTo, pendingIn, type BatchRow, type SpanlightDB } from './db';
import { countSpans } from './queries';
import { addOriginBytes } from './write-spans';

export interface RetentionLimits {
  maxAgeMs: number;
  maxSpans: number;
  maxBytes: number;
}

/** What a retention pass deleted: spans already exported, and spans that were not (dropped). */
export interface Evicted {
  exported: number;
  dropped: number;
}

/** A pass over the byte limit deletes this share of the store, as usage estimates lag. */
const BYTES_STEP = 0.1;

/** Deletes `batches` with their spans, and what the page-view and origin rows count of them. */
export function removeBatches(db: SpanlightDB, batches: readonly BatchRow[]): Promise<void> {
  const seqs = batches.map((b) => b.seq!);
  return db.transaction('rw', [db.batches, db.payloads, db.pageViews, db.origins], async () => {
    await db.batches.bulkDelete(seqs);
    await db.payloads.bulkDelete(seqs);
    await forgetEmptyPageViews(db, batches);
    const freed = new Map<string, number>();
    for (const { origin, bytes } of batches) if (origin !== undefined) freed.set(origin, (freed.get(origin) ?? 0) + (bytes ?? 0));
    for (const [origin, bytes] of freed) await addOriginBytes(db, origin, -bytes);
  });
}

async function deleteBatches(db: SpanlightDB, batches: readonly BatchRow[]): Promise<Evicted> {
  const watermark = await exportedUpTo(db);
  await removeBatches(db, batches);
  const dropped = batches.reduce((n, b) => n + pendingIn(b, watermark), 0);
  return { exported: batches.reduce((n, b) => n + b.count, 0) - dropped, dropped };
}

/**
 * Deletes the page-view rows of traces that no longer have a stored batch. A page view that keeps
 * some batches keeps its row, whose counts then include the evicted spans.
 */
export async function forgetEmptyPageViews(db: SpanlightDB, deleted: readonly BatchRow[]): Promise<void> {
  const traceIds = [...new Set(deleted.flatMap((b) => b.traceIds))];
  const empty: string[] = [];
  for (const traceId of traceIds) {
    if (!(await db.batches.where('traceIds').equals(traceId).count())) empty.push(traceId);
  }
  await db.pageViews.bulkDelete(empty);
}

/** Deletes at least `count` of the oldest spans (whole batches, in arrival order). */
export async function evictOldest(db: SpanlightDB, count: number): Promise<Evicted> {
  if (count <= 0) return { exported: 0, dropped: 0 };
  const batches: BatchRow[] = [];
  let spans = 0;
  await db.batches.orderBy('seq').until(() => spans >= count).each((batch) => {
    batches.push(batch);
    spans += batch.count;
  });
  return deleteBatches(db, batches);
}

/**
 * Makes room for `bytes` more of `origin` within its limit of `maxBytes`: deletes the origin's
 * oldest batches (only its own, whatever their export state: an origin that fills its share
 * turns over its own spans, never another's) until the new ones fit.
 */
export async function makeOriginRoom(db: SpanlightDB, origin: string, bytes: number, maxBytes: number): Promise<Evicted> {
  const over = ((await db.origins.get(origin))?.bytes ?? 0) + bytes - maxBytes;
  if (over <= 0) return { exported: 0, dropped: 0 };
  const batches: BatchRow[] = [];
  let freed = 0;
  await db.batches.where('origin').equals(origin).until(() => freed >= over).each((batch) => {
    batches.push(batch);
    freed += batch.bytes ?? 0;
  });
  return deleteBatches(db, batches);
}

/**
 * Applies the limits. `usage` estimates the bytes used (navigator.storage.estimate), or gives
 * undefined where it cannot. Parked copies older than the age limit go too (counted as dropped).
 */
export async function applyRetention(
  db: SpanlightDB,
  limits: RetentionLimits,
  usage: () => Promise<number | undefined>,
  now = Date.now(),
): Promise<Evicted> {
  const total: Evicted = { exported: 0, dropped: 0 };
  const add = (e: Evicted) => {
    total.exported += e.exported;
    total.dropped += e.dropped;
  };

  const cutoffMs = now - limits.maxAgeMs;
  const cutoff: HrTime = [Math.floor(cutoffMs / 1000), (cutoffMs % 1000) * 1e6];
  add(await deleteBatches(db, await db.batches.where('end').below(cutoff).toArray()));
  const oldParked = await db.parked.where('end').below(cutoff).toArray();
  await db.parked.bulkDelete(oldParked.map((row) => row.id!));
  add({ exported: 0, dropped: oldParked.reduce((n, row) => n + row.spans.length, 0) });

  const count = await countSpans(db);
  if (count > limits.maxSpans) add(await evictOldest(db, count - limits.maxSpans));

  const used = await usage();
  if (used !== undefined && used > limits.maxBytes) {
    add(await evictOldest(db, Math.max(1, Math.ceil((await countSpans(db)) * BYTES_STEP))));
  }
  return total;
}
