/** Writes from the background, the database's only writer. */
import type { SpanRecord } from '../protocol/span';
import { spanKey, type SpanKey, type SpanlightDB, type StoredSpan } from './db';

/** Rows per bulk write: Dexie's maintainers advise about a thousand (dexie/Dexie.js#905). */
const CHUNK = 1000;

/** The tab spans came from, as stored: the browser run and the tab id within it. */
export interface TabKey {
  runId: string;
  tabId: number;
}

/**
 * Stores the spans of one tab. A span already stored (a batch sent again after a lost ack) is
 * left as it is, so it is neither duplicated nor exported twice. Resolves with the count added.
 */
export async function storeSpans(db: SpanlightDB, spans: readonly SpanRecord[], tab: TabKey): Promise<number> {
  let added = 0;
  for (let i = 0; i < spans.length; i += CHUNK) {
    const chunk = spans.slice(i, i + CHUNK);
    added += await db.transaction('rw', db.spans, async () => {
      const existing = await db.spans.bulkGet(chunk.map(spanKey));
      const fresh: StoredSpan[] = chunk
        .filter((_, j) => existing[j] === undefined)
        .map((span) => ({ ...span, ...tab, exported: 0 }));
      await db.spans.bulkAdd(fresh);
      return fresh.length;
    });
  }
  return added;
}

/** Marks spans as delivered to the collector. */
export async function markExported(db: SpanlightDB, keys: readonly SpanKey[]): Promise<void> {
  await db.spans.where(':id').anyOf(keys as SpanKey[]).modify({ exported: 1 });
}
