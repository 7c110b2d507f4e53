/** Writes from the background, the database's only writer. */
import type { HrTime, SpanRecord } from '../protocol/span';
import { exportedUpTo, IMPORTED_SITE, storedBytes, type BatchRow, type ExportFailure, type Position, type SpanlightDB } from './db';
import { batchTables, countBatches } from './ledger';
import { foldPageViews, type PageViewRow } from '../page-view';
import { removeBatches } from './retention';
import { siteOfOrigin } from '../registrable-domain';

/** The tab spans came from, as stored: the browser run and the tab id within it. */
export interface TabKey {
  runId: string;
  tabId: number;
}

/**
 * Where a batch came from: its tab, and the origin of the frame that sent it, whose stored bytes
 * are counted (`bytes`: storedBytes of the spans, when the caller has it already). Imports have
 * no origin.
 */
export interface BatchSource extends TabKey {
  origin?: string;
  bytes?: number;
}

const earlier = (a: HrTime, b: HrTime) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Earliest start and latest end of `spans`. */
export function timeRange(spans: readonly SpanRecord[]): { start: HrTime; end: HrTime } {
  let start = spans[0]!.start;
  let end = spans[0]!.end;
  for (const span of spans) {
    if (earlier(span.start, start)) start = span.start;
    if (earlier(end, span.end)) end = span.end;
  }
  return { start, end };
}

/**
 * Stores one batch of spans of one tab, under the sender's batch id `key`. A batch already stored
 * (sent again after a lost ack) is left as it is: resolves with 0. Otherwise resolves with the
 * count stored; rejects with Dexie's QuotaExceededError when the disk or quota is full.
 */
export async function storeBatch(
  db: SpanlightDB,
  key: string,
  spans: readonly SpanRecord[],
  source: BatchSource,
  imported: 0 | 1 = 0,
): Promise<number> {
  if (!spans.length) return 0;
  const { runId, tabId, origin } = source;
  const bytes = source.bytes ?? storedBytes(spans);
  const tab = { runId, tabId };
  try {
    return await db.transaction('rw', batchTables(db), async () => {
      const traceIds = [...new Set(spans.map((s) => s.traceId))];
      const row: BatchRow = {
        key,
        ...tab,
        ...(origin === undefined ? {} : { origin }),
        bytes,
        site: origin === undefined ? IMPORTED_SITE : siteOfOrigin(origin),
        traceIds,
        count: spans.length,
        ...timeRange(spans),
        ...(imported ? { imported: 1 as const } : {}),
      };
      const seq = await db.batches.add(row);
      await db.payloads.add({ seq, spans: spans as SpanRecord[] });
      const known = await db.pageViews.bulkGet(traceIds);
      const rows = new Map<string, PageViewRow>();
      for (const row of known) if (row) rows.set(row.traceId, row);
      await db.pageViews.bulkPut([...foldPageViews(rows, spans, tab, imported).values()]);
      await countBatches(db, [row], 1);
      return spans.length;
    });
  } catch (error) {
    if ((error as Error)?.name === 'ConstraintError' || (error as { inner?: Error })?.inner?.name === 'ConstraintError') return 0;
    throw error;
  }
}

/** Moves the export watermark forward to `position` (never back). */
export async function markExportedUpTo(db: SpanlightDB, position: Position): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await exportedUpTo(db);
    if (position.seq > current.seq || (position.seq === current.seq && position.offset > current.offset)) {
      await db.meta.put({ key: 'exported', value: position });
    }
  });
}

/**
 * Parks spans the collector refused, with its answer (and the signal it refused, when not
 * traces); `upTo` (for spans taken from the queue) moves the watermark past them, so export goes
 * on with the next spans. The exporter moves a signal's own position instead (signal-progress.ts).
 */
export async function parkSpans(
  db: SpanlightDB,
  spans: readonly SpanRecord[],
  failure: Omit<ExportFailure, 'id' | 'spans'>,
  upTo?: Position,
): Promise<void> {
  await db.transaction('rw', db.parked, db.failures, db.meta, async () => {
    const failureId = await db.failures.add({ ...failure, spans: spans.length });
    const signal = failure.signal ? { signal: failure.signal } : {};
    await db.parked.add({ failureId, retry: 0, end: timeRange(spans).end, spans: spans as SpanRecord[], ...signal });
    if (upTo) await markExportedUpTo(db, upTo);
  });
}

/** Asks for every parked span to be sent again; resolves with how many. */
export async function retryParked(db: SpanlightDB): Promise<number> {
  return db.transaction('rw', db.parked, async () => {
    const rows = await db.parked.where('retry').equals(0).toArray();
    await db.parked.bulkPut(rows.map((row) => ({ ...row, retry: 1 as const })));
    return rows.reduce((n, row) => n + row.spans.length, 0);
  });
}

/** Parked spans that were sent again: forget their row, and the failure once nothing refers to it. */
export async function unpark(db: SpanlightDB, id: number): Promise<void> {
  await db.transaction('rw', db.parked, db.failures, async () => {
    const row = await db.parked.get(id);
    await db.parked.delete(id);
    if (row && !(await db.parked.where('failureId').equals(row.failureId).count())) await db.failures.delete(row.failureId);
  });
}

/** Deletes every parked copy (the spans stay in the store, unexported); resolves with how many. */
export function discardParked(db: SpanlightDB): Promise<number> {
  return db.transaction('rw', db.parked, db.failures, async () => {
    let count = 0;
    await db.parked.each((row) => (count += row.spans.length));
    await db.parked.clear();
    await db.failures.clear();
    return count;
  });
}


/** The tab key imported spans are stored under. */
export const IMPORTED: TabKey = { runId: 'import', tabId: -1 };

/** Deletes the imported parts stored under `keys`; resolves with how many spans went. */
export async function removeImported(db: SpanlightDB, keys: readonly string[]): Promise<number> {
  // Found and deleted in one transaction: removeBatches joins it.
  return db.transaction('rw', batchTables(db), async () => {
    const batches = (await db.batches.where('key').anyOf(keys as string[]).toArray()).filter((b) => b.imported);
    await removeBatches(db, batches);
    return batches.reduce((n, b) => n + b.count, 0);
  });
}
