/**
 * The IndexedDB schema (Dexie). The background is its only writer; UI pages read it through
 * src/store/queries.ts.
 *
 * Spans are stored as the batches they arrive in: one small `batches` row (tab, traces, count,
 * times) and one `payloads` row holding the spans. IndexedDB's cost is per row, so this writes
 * ~195k spans/s where a row per span writes ~15k (measured in Chromium; see README "Storage").
 * Each batch gets `seq`, a number that only grows; export progress is one position in that order,
 * the watermark in `meta`. A batch the collector refuses for good is copied to `parked` (spans
 * stay in the store for the viewer) until the user retries or discards it. `pageViews` summarises
 * each page view (trace) for the viewer's lists.
 */
import Dexie, { type Table } from 'dexie';
import type { HrTime, SpanRecord } from '../protocol/span';
import { foldPageViews, type PageViewRow } from './page-views';

/** What the store knows of one arrived batch, without its spans. */
export interface BatchRow {
  /** Arrival order, assigned by IndexedDB. */
  seq?: number;
  /** The sender's id for the batch: a batch sent again after a lost ack is stored once. */
  key: string;
  /** The browser run (src/browser-run.ts) and the tab within it; tab ids restart each run. */
  runId: string;
  tabId: number;
  traceIds: string[];
  count: number;
  /** Earliest start and latest end of its spans. */
  start: HrTime;
  end: HrTime;
  /** 1 for spans read from a file by the viewer: kept for viewing, never exported. */
  imported?: 1;
}

/** The spans of batch `seq`. */
export interface PayloadRow {
  seq: number;
  spans: SpanRecord[];
}

/** Copies of spans whose request the collector refused, waiting for the user. */
export interface ParkedRow {
  id?: number;
  failureId: number;
  /** 1 once the user asked to send them again. */
  retry: 0 | 1;
  end: HrTime;
  spans: SpanRecord[];
}

/** A request the collector refused, with its answer, so the user can see why. */
export interface ExportFailure {
  id?: number;
  at: number;
  status: number;
  message: string;
  spans: number;
}

/** A place in the store: the first `offset` spans of batch `seq` (and all before it). */
export interface Position {
  seq: number;
  offset: number;
}

export interface MetaRow {
  /** `exported`: everything before this position has been delivered. */
  key: 'exported';
  value: Position;
}

export class SpanlightDB extends Dexie {
  batches!: Table<BatchRow, number>;
  payloads!: Table<PayloadRow, number>;
  parked!: Table<ParkedRow, number>;
  failures!: Table<ExportFailure, number>;
  meta!: Table<MetaRow, string>;
  pageViews!: Table<PageViewRow, string>;

  constructor(name = 'spanlight') {
    super(name);
    this.version(1).stores({
      batches: '++seq, &key, [runId+tabId], *traceIds, end',
      payloads: 'seq',
      parked: '++id, retry, failureId, end',
      failures: '++id, at',
      meta: 'key',
    });
    // The viewer's index of page views (src/store/page-views.ts), built from what is stored.
    this.version(2)
      .stores({ pageViews: 'traceId, [origin+start], [sessionId+start], start' })
      .upgrade(async (tx) => {
        const rows = new Map<string, PageViewRow>();
        const batches = await tx.table<BatchRow, number>('batches').toArray();
        for (let i = 0; i < batches.length; i += 100) {
          const part = batches.slice(i, i + 100);
          const payloads = await tx.table<PayloadRow, number>('payloads').bulkGet(part.map((b) => b.seq!));
          part.forEach((batch, j) => foldPageViews(rows, payloads[j]?.spans ?? [], batch, batch.imported ?? 0));
        }
        await tx.table<PageViewRow, string>('pageViews').bulkPut([...rows.values()]);
      });
  }
}

/** The export watermark (nothing delivered yet: the start). */
export async function exportedUpTo(db: SpanlightDB): Promise<Position> {
  return (await db.meta.get('exported'))?.value ?? { seq: 0, offset: 0 };
}

/** Spans of `batch` not yet delivered, given the watermark. */
export function pendingIn(batch: BatchRow, watermark: Position): number {
  if (batch.imported) return 0;
  if (batch.seq! < watermark.seq) return 0;
  if (batch.seq! === watermark.seq) return Math.max(0, batch.count - watermark.offset);
  return batch.count;
}
