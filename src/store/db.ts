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
import type { Attributes, HrTime, SpanRecord } from '../protocol/span';
import { foldPageViews, originOf, type PageViewRow } from './page-views';

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
  /** The origin of the frame that sent it and the bytes its spans take (storedBytes); not for imports. */
  origin?: string;
  bytes?: number;
}

/** The bytes an origin's stored batches take, kept in step with them (the per-origin limit). */
export interface OriginRow {
  origin: string;
  bytes: number;
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
  origins!: Table<OriginRow, string>;

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
    // Bytes per origin (src/store/retention.ts, makeOriginRoom), from the batches stored before.
    this.version(3)
      .stores({ batches: '++seq, &key, [runId+tabId], *traceIds, end, origin', origins: 'origin' })
      .upgrade(async (tx) => {
        const totals = new Map<string, number>();
        const batches = tx.table<BatchRow, number>('batches');
        const keys = await batches.toCollection().primaryKeys();
        for (let i = 0; i < keys.length; i += 100) {
          const part = (await batches.bulkGet(keys.slice(i, i + 100))).filter((b): b is BatchRow => !!b && !b.imported);
          const payloads = await tx.table<PayloadRow, number>('payloads').bulkGet(part.map((b) => b.seq!));
          part.forEach((batch, j) => {
            const spans = payloads[j]?.spans ?? [];
            batch.origin = originOf(spans[0]?.pageUrl ?? '');
            batch.bytes = storedBytes(spans);
            totals.set(batch.origin, (totals.get(batch.origin) ?? 0) + batch.bytes);
          });
          await batches.bulkPut(part);
        }
        await tx.table<OriginRow, string>('origins').bulkPut([...totals].map(([origin, bytes]) => ({ origin, bytes })));
      });
  }
}

const attributeBytes = (attributes: Attributes | undefined): number => {
  let bytes = 0;
  for (const key in attributes) {
    const value = attributes[key];
    bytes += 8 + key.length + (typeof value === 'string' ? value.length : 8);
  }
  return bytes;
};

/**
 * Roughly the bytes `spans` take in the store: their text, 8 bytes a number and a fixed cost a
 * span (ids, times, structure). Cheap (no serialising), and within a small factor of what the
 * browser's IndexedDB writes, which compresses and has its own overhead.
 */
export function storedBytes(spans: readonly SpanRecord[]): number {
  let bytes = 0;
  for (const span of spans) {
    bytes += 128 + span.name.length + span.pageUrl.length + (span.status.message?.length ?? 0) + attributeBytes(span.attributes);
    for (const event of span.events) bytes += 24 + event.name.length + attributeBytes(event.attributes);
    if (span.links) for (const link of span.links) bytes += 56 + attributeBytes(link.attributes);
  }
  return bytes;
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
