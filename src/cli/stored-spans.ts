/**
 * Every span in the extension's IndexedDB, read from one of the extension's own pages by a script
 * that drives the browser (`spanlight trace`, the e2e suite). The function is sent to the page
 * as its source, so it uses nothing from outside its body. It reads the store's tables directly
 * rather than through Dexie, so what it reports does not depend on the code it checks.
 */
import type { SpanRecord } from '../protocol/span';

/** A stored span, its tab, and whether it was delivered (before the export watermark, and not parked). */
export type StoredSpanView = SpanRecord & { runId: string; tabId: number; exported: boolean };

/** Evaluate in an extension page: resolves to every stored span. */
export function readStoredSpans(): Promise<StoredSpanView[]> {
  return new Promise<StoredSpanView[]>((resolve, reject) => {
    const open = indexedDB.open('spanlight');
    // No store yet (the background has not opened it): nothing stored. Opening must not create it,
    // or the background's own versioned open would find a database without its tables.
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
      const batches = tx.objectStore('batches').getAll();
      const payloads = tx.objectStore('payloads').getAll();
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
