/** Writes from the background, the database's only writer. */
import Dexie from 'dexie';
import type { SpanRecord } from '../protocol/span';
import { ExportState, spanKey, type ExportFailure, type ExportStateValue, type SpanKey, type SpanlightDB, type StoredSpan } from './db';

/** Rows per bulk write: Dexie's maintainers advise about a thousand (dexie/Dexie.js#905). */
const CHUNK = 1000;

/** The tab spans came from, as stored: the browser run and the tab id within it. */
export interface TabKey {
  runId: string;
  tabId: number;
}

/**
 * Stores the spans of one tab. A span already stored (a batch sent again after a lost ack) is
 * left as it is, so it is neither duplicated nor exported twice. Resolves with the count added;
 * rejects with Dexie's QuotaExceededError when the disk or quota is full.
 */
export async function storeSpans(db: SpanlightDB, spans: readonly SpanRecord[], tab: TabKey): Promise<number> {
  let added = 0;
  for (let i = 0; i < spans.length; i += CHUNK) {
    const rows: StoredSpan[] = spans.slice(i, i + CHUNK).map((span) => ({ ...span, ...tab, exported: ExportState.PENDING }));
    try {
      await db.spans.bulkAdd(rows);
      added += rows.length;
    } catch (error) {
      // bulkAdd keeps every row but those that failed; a key already stored fails alone.
      if (!(error instanceof Dexie.BulkError)) throw error;
      const failures = Object.values(error.failuresByPos);
      const other = failures.find((f) => f.name !== 'ConstraintError');
      if (other) throw other;
      added += rows.length - failures.length;
    }
  }
  return added;
}

/** Moves spans to another export state (spans deleted meanwhile stay deleted). */
export async function setExportState(db: SpanlightDB, keys: readonly SpanKey[], exported: ExportStateValue): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    await db.spans.bulkUpdate(keys.slice(i, i + CHUNK).map((key) => ({ key, changes: { exported } })));
  }
}

/** Marks spans as delivered to the collector. */
export function markExported(db: SpanlightDB, keys: readonly SpanKey[]): Promise<void> {
  return setExportState(db, keys, ExportState.EXPORTED);
}

/** Parks a refused batch with the collector's answer, for the user to retry or discard. */
export async function parkSpans(db: SpanlightDB, spans: readonly SpanRecord[], failure: Omit<ExportFailure, 'id' | 'spans'>): Promise<void> {
  await db.transaction('rw', db.spans, db.failures, async () => {
    await db.failures.add({ ...failure, spans: spans.length });
    await setExportState(db, spans.map(spanKey), ExportState.PARKED);
  });
}

const parked = (db: SpanlightDB) =>
  db.spans.where('[exported+start]').between([ExportState.PARKED, Dexie.minKey], [ExportState.PARKED, Dexie.maxKey]);

/** Queues every parked span again; resolves with how many. */
export function retryParked(db: SpanlightDB): Promise<number> {
  return db.transaction('rw', db.spans, db.failures, async () => {
    const count = await parked(db).modify({ exported: ExportState.PENDING });
    await db.failures.clear();
    return count;
  });
}

/** Deletes every parked span; resolves with how many (the caller counts them as dropped). */
export function discardParked(db: SpanlightDB): Promise<number> {
  return db.transaction('rw', db.spans, db.failures, async () => {
    const count = await parked(db).delete();
    await db.failures.clear();
    return count;
  });
}
