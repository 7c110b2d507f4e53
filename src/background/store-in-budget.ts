/**
 * Ingest's last step: makes room for a batch within its origin's share of storage, then stores
 * it (evicting the oldest when the disk or quota is full). What goes to make room is counted.
 */
import type { SpanRecord } from '../protocol/span';
import type { Settings } from '../settings';
import { countDropped } from '../status';
import { storedBytes, type SpanlightDB } from '../store/db';
import { makeRoom } from '../store/retention';
import type { BatchSource } from '../store/write-spans';
import { sharesOf, storeMakingRoom } from './retention';

/** Stores `spans` under batch key `key` from `source`; resolves with how many were stored (0: stored before). */
export type StoreSpans = (db: SpanlightDB, key: string, spans: readonly SpanRecord[], source: BatchSource & { origin: string }, settings: Settings) => Promise<number>;

export const storeInBudget: StoreSpans = async (db, key, spans, source, settings) => {
  const bytes = storedBytes(spans);
  const evicted = await makeRoom(db, source, bytes, sharesOf(settings.limits));
  if (evicted.dropped) void countDropped('origin', evicted.dropped);
  return storeMakingRoom(db, key, spans, { ...source, bytes });
};
