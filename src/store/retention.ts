/**
 * Retention: keeps the store within the user's limits of age, count and bytes. Exported spans go
 * first, oldest first; a span the collector does not have yet is deleted only when the limits
 * leave no other choice, and it is then reported as dropped.
 */
import Dexie from 'dexie';
import type { HrTime } from '../protocol/span';
import { ExportState, type SpanlightDB } from './db';

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

/** Eviction order: what the collector has, then what it refused, then what it has not seen. */
const ORDER = [ExportState.EXPORTED, ExportState.PARKED, ExportState.PENDING] as const;
/** A pass over the byte limit deletes this share of the store, as usage estimates lag. */
const BYTES_STEP = 0.1;

const inState = (db: SpanlightDB, state: number, until: HrTime | typeof Dexie.maxKey = Dexie.maxKey) =>
  db.spans.where('[exported+start]').between([state, Dexie.minKey], [state, until], true, false);

/** Deletes the `count` oldest spans in eviction order. */
export async function evictOldest(db: SpanlightDB, count: number): Promise<Evicted> {
  const evicted: Evicted = { exported: 0, dropped: 0 };
  let left = count;
  for (const state of ORDER) {
    if (left <= 0) break;
    const keys = await inState(db, state).limit(left).primaryKeys();
    await db.spans.bulkDelete(keys);
    left -= keys.length;
    if (state === ExportState.EXPORTED) evicted.exported += keys.length;
    else evicted.dropped += keys.length;
  }
  return evicted;
}

/**
 * Applies the limits. `usage` estimates the bytes used (navigator.storage.estimate), or gives
 * undefined where it cannot.
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
  for (const state of ORDER) {
    const deleted = await inState(db, state, cutoff).delete();
    add(state === ExportState.EXPORTED ? { exported: deleted, dropped: 0 } : { exported: 0, dropped: deleted });
  }

  const count = await db.spans.count();
  if (count > limits.maxSpans) add(await evictOldest(db, count - limits.maxSpans));

  const used = await usage();
  if (used !== undefined && used > limits.maxBytes) {
    add(await evictOldest(db, Math.max(1, Math.ceil((await db.spans.count()) * BYTES_STEP))));
  }
  return total;
}
