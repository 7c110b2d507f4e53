/** Runs the store's retention rules with the user's limits, and counts what they dropped. */
import { getSettings } from '../managed-settings';
import type { Settings } from '../settings';
import { countDropped } from '../status';
import type { SpanlightDB } from '../store/db';
import { applyRetention, evictLargestFirst, type Shares } from '../store/retention';
import type { SpanRecord } from '../protocol/span';
import { storeBatch, type BatchSource } from '../store/write-spans';

const MB = 1024 * 1024;

/** The browser's estimate of the bytes this extension uses, where it can tell: only a ceiling. */
async function estimate(): Promise<number | undefined> {
  try {
    return (await navigator.storage?.estimate?.())?.usage;
  } catch {
    return undefined;
  }
}

/** The storage shares of one site and one tab, in bytes. */
export function sharesOf(limits: Settings['limits']): Shares {
  return { siteBytes: limits.originMegabytes * MB, tabBytes: limits.tabMegabytes * MB };
}

/** Applies age, count and size limits. */
export async function enforceRetention(db: SpanlightDB): Promise<void> {
  const { retention } = await getSettings();
  const evicted = await applyRetention(
    db,
    { maxAgeMs: retention.maxAgeDays * 86_400_000, maxSpans: retention.maxSpans, maxBytes: retention.maxMegabytes * MB },
    estimate,
  );
  await countDropped('retention', evicted.dropped);
}

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } } | undefined;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}

/** Spans evicted to make room when storage is full: at least this many, or as many as arrive. */
const QUOTA_EVICTION = 1000;

/**
 * Stores spans; when the disk or quota is full, evicts from the largest consumers (spans nothing
 * waits for first), counts what could not be exported, and tries once more. A second failure
 * rejects: the batch is then not acknowledged, and the bridge sends it again later.
 */
export async function storeMakingRoom(
  db: SpanlightDB,
  key: string,
  spans: readonly SpanRecord[],
  tab: BatchSource,
  imported: 0 | 1 = 0,
  store: typeof storeBatch = storeBatch,
): Promise<number> {
  try {
    return await store(db, key, spans, tab, imported);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    const evicted = await evictLargestFirst(db, { spans: Math.max(QUOTA_EVICTION, spans.length), bytes: 0 });
    await countDropped('quota', evicted.dropped);
    return store(db, key, spans, tab, imported);
  }
}
