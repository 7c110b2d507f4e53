/**
 * The spans in the extension's IndexedDB, read from one of the extension's own pages by a script
 * that drives the browser (`spanlight trace`, the e2e suite). The functions are sent to the page
 * as their source, so they use nothing from outside their bodies. They read the store's tables
 * directly rather than through Dexie, so what they report does not depend on the code it checks,
 * and they never create the database: opening it first would leave the background's own
 * versioned open a database without its tables.
 */
import type { SpanRecord } from '../protocol/span';

/** A stored span, its batch and tab, and whether it was delivered (before the export watermark, and not parked). */
export type StoredSpanView = SpanRecord & { seq: number; runId: string; tabId: number; exported: boolean };

/**
 * Evaluate in an extension page: resolves to the spans of the batches after `afterSeq` (all of
 * them for 0, undefined or null), in the order they were stored.
 */
export function readStoredSpans(afterSeq?: number | null): Promise<StoredSpanView[]> {
  return new Promise<StoredSpanView[]>((resolve, reject) => {
    const open = indexedDB.open('spanlight');
    let absent = false;
    open.onupgradeneeded = () => {
      absent = true;
      open.transaction!.abort();
    };
    open.onerror = () => (absent ? resolve([]) : reject(open.error));
    open.onsuccess = () => {
      let tx: IDBTransaction;
      try {
        tx = open.result.transaction(['batches', 'payloads', 'parked', 'meta']);
      } catch (error) {
        open.result.close();
        reject(error);
        return;
      }
      const range = afterSeq ? IDBKeyRange.lowerBound(afterSeq, true) : undefined;
      const batches = tx.objectStore('batches').getAll(range);
      const payloads = tx.objectStore('payloads').getAll(range);
      const parked = tx.objectStore('parked').getAll();
      const meta = tx.objectStore('meta').get('exported');
      tx.oncomplete = () => {
        open.result.close();
        const watermark = (meta.result as { value: { seq: number; offset: number } } | undefined)?.value ?? { seq: 0, offset: 0 };
        const parkedIds = new Set((parked.result as { spans: SpanRecord[] }[]).flatMap((row) => row.spans.map((s) => s.spanId)));
        const rows = new Map((batches.result as { seq: number; runId: string; tabId: number }[]).map((b) => [b.seq, b]));
        resolve(
          (payloads.result as { seq: number; spans: SpanRecord[] }[]).flatMap(({ seq, spans }) =>
            spans.map((span, i) => ({
              ...span,
              seq,
              runId: rows.get(seq)!.runId,
              tabId: rows.get(seq)!.tabId,
              exported: (seq < watermark.seq || (seq === watermark.seq && i < watermark.offset)) && !parkedIds.has(span.spanId),
            })),
          ),
        );
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Evaluate in an extension page: the last batch's number, 0 before any (or before the database exists). */
export function readLastSeq(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('spanlight');
    let absent = false;
    open.onupgradeneeded = () => {
      absent = true;
      open.transaction!.abort();
    };
    open.onerror = () => (absent ? resolve(0) : reject(open.error));
    open.onsuccess = () => {
      try {
        const last = open.result.transaction('payloads').objectStore('payloads').openKeyCursor(null, 'prev');
        last.onsuccess = () => {
          open.result.close();
          resolve(typeof last.result?.key === 'number' ? last.result.key : 0);
        };
        last.onerror = () => reject(last.error);
      } catch (error) {
        open.result.close();
        reject(error);
      }
    };
  });
}
