/**
 * The byte ledger: how many spans and bytes each site, each tab and the whole store hold, and
 * each origin's bytes for the viewer. Every write and delete of a batch updates it in its own
 * transaction, so retention and the storage shares read totals instead of scanning the store, and
 * never wait for the browser's usage estimate, which lags behind deletes. Parked copies are
 * counted from their indexed sizes (parkedTotals).
 */
import type { BatchRow, SpanlightDB, UsageRow } from './db';

/** The tables a transaction that stores or deletes batches must include. */
export function batchTables(db: SpanlightDB) {
  return [db.batches, db.payloads, db.pageViews, db.origins, db.usage];
}

/** The ledger key of a tab. */
export const tabName = (tab: { runId: string; tabId: number }) => `${tab.runId}/${tab.tabId}`;

/** Spans and bytes. */
export interface Totals {
  spans: number;
  bytes: number;
}

const NONE: Totals = { spans: 0, bytes: 0 };

async function add(db: SpanlightDB, kind: UsageRow['kind'], name: string, change: Totals): Promise<void> {
  const key = `${kind}:${name}`;
  const row = await db.usage.get(key);
  const spans = (row?.spans ?? 0) + change.spans;
  const bytes = (row?.bytes ?? 0) + change.bytes;
  if (spans > 0) await db.usage.put({ key, kind, name, spans, bytes: Math.max(0, bytes) });
  else await db.usage.delete(key);
}

/**
 * Counts `batches` in (`sign` 1: stored) or out (-1: deleted). Call inside a transaction over
 * batchTables, with rows that carry `site` (storeBatch and the schema upgrade set it).
 */
export async function countBatches(db: SpanlightDB, batches: readonly BatchRow[], sign: 1 | -1): Promise<void> {
  const changes = new Map<string, { kind: UsageRow['kind']; name: string; totals: Totals }>();
  const origins = new Map<string, number>();
  const note = (kind: UsageRow['kind'], name: string, batch: BatchRow) => {
    const key = `${kind}:${name}`;
    const entry = changes.get(key) ?? { kind, name, totals: { spans: 0, bytes: 0 } };
    entry.totals.spans += sign * batch.count;
    entry.totals.bytes += sign * (batch.bytes ?? 0);
    changes.set(key, entry);
  };
  for (const batch of batches) {
    if (batch.site !== undefined) note('site', batch.site, batch);
    note('tab', tabName(batch), batch);
    note('all', '', batch);
    if (batch.origin !== undefined) origins.set(batch.origin, (origins.get(batch.origin) ?? 0) + sign * (batch.bytes ?? 0));
  }
  for (const { kind, name, totals } of changes.values()) await add(db, kind, name, totals);
  for (const [origin, bytes] of origins) {
    const total = ((await db.origins.get(origin))?.bytes ?? 0) + bytes;
    if (total > 0) await db.origins.put({ origin, bytes: total });
    else await db.origins.delete(origin);
  }
}

/** What one site, one tab (tabName) or the whole store (`all`, name '') holds in batches. */
export async function usageOf(db: SpanlightDB, kind: UsageRow['kind'], name: string): Promise<Totals> {
  const row = await db.usage.get(`${kind}:${name}`);
  return row ? { spans: row.spans, bytes: row.bytes } : NONE;
}

/** The sites, the largest first by `measure`. */
export function sitesBySize(db: SpanlightDB, measure: keyof Totals): Promise<UsageRow[]> {
  return db.usage
    .where(measure === 'bytes' ? '[kind+bytes]' : '[kind+spans]')
    .between(['site', -Infinity], ['site', Infinity])
    .reverse()
    .toArray();
}

/** What the parked copies hold, read from their size index alone (no span is read). */
export async function parkedTotals(db: SpanlightDB): Promise<Totals> {
  const totals = { spans: 0, bytes: 0 };
  for (const key of await db.parked.orderBy('size').keys()) {
    const [spans, bytes] = key as unknown as [number, number];
    totals.spans += spans;
    totals.bytes += bytes;
  }
  return totals;
}
