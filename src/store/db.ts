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
import { foldPageViews, originOf, type PageViewRow } from '../page-view';
import type { Signal } from '../signals';

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
  /** The origin of the frame that sent it (not for imports), and the bytes its spans take (storedBytes). */
  origin?: string;
  bytes?: number;
  /**
   * The site its storage is counted under (src/registrable-domain.ts): the origin's registrable domain, or
   * IMPORTED_SITE. Batches stored before schema v4 have their origin's host instead.
   */
  site?: string;
}

/**
 * One line of the byte ledger (src/store/ledger.ts): the spans and bytes that one site, one tab,
 * or the whole store (`all`) holds in `batches`, kept in the same transaction as every write.
 */
export interface UsageRow {
  /** `${kind}:${name}`. */
  key: string;
  kind: 'site' | 'tab' | 'all';
  name: string;
  spans: number;
  bytes: number;
}

/** Where batches without a frame (imported from a file) are counted. */
export const IMPORTED_SITE = '(imported)';

/** A secret kept where content scripts cannot read it (see src/store/secrets.ts). */
export interface SecretRow {
  name: string;
  value: Record<string, string>;
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
  /** The signal whose request was refused: absent for traces (as stored before there were logs). */
  signal?: Exclude<Signal, 'traces'>;
  /** 1 once the user asked to send them again. */
  retry: 0 | 1;
  end: HrTime;
  spans: SpanRecord[];
  /** [spans, bytes]: set as the row is created, indexed so totals are read from the index alone. */
  size?: [number, number];
}

/** A request the collector refused, with its answer, so the user can see why. */
export interface ExportFailure {
  id?: number;
  /** As ParkedRow's. */
  signal?: Exclude<Signal, 'traces'>;
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

/**
 * `exported`: nothing before this position is sent any more: every active signal delivered it, or
 * it was left out when export was turned on "from now on". `sent:traces`, `sent:logs`: how far
 * one signal got past it, and `signals`, the signals sent (src/store/signal-progress.ts).
 * `exportHeld`: export is off, so nothing is pending (see src/store/export-hold.ts).
 */
export type MetaRow =
  | { key: 'exported'; value: Position }
  | { key: `sent:${Signal}`; value: Position }
  | { key: 'signals'; value: Signal[] }
  | { key: 'exportHeld'; value: true };

export class SpanlightDB extends Dexie {
  batches!: Table<BatchRow, number>;
  payloads!: Table<PayloadRow, number>;
  parked!: Table<ParkedRow, number>;
  failures!: Table<ExportFailure, number>;
  meta!: Table<MetaRow, string>;
  pageViews!: Table<PageViewRow, string>;
  origins!: Table<OriginRow, string>;
  usage!: Table<UsageRow, string>;
  secrets!: Table<SecretRow, string>;

  /** `indexedDB`: the UI pages' reader passes one that refuses to create or upgrade (src/store/reader.ts). */
  constructor(name = 'spanlight', { indexedDB }: { indexedDB?: IDBFactory } = {}) {
    super(name, indexedDB ? { indexedDB } : {});
    this.version(1).stores({
      batches: '++seq, &key, [runId+tabId], *traceIds, end',
      payloads: 'seq',
      parked: '++id, retry, failureId, end',
      failures: '++id, at',
      meta: 'key',
    });
    // The viewer's index of page views (src/page-view.ts), built from what is stored.
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
    // The byte ledger by site, tab and in all (src/store/ledger.ts), parked sizes, and the secret
    // store. Batches stored before are counted under their origin's host, new ones under their site
    // (written when a UI page could run this upgrade, without the public-suffix list; now only the
    // background can).
    this.version(4)
      .stores({
        batches: '++seq, &key, [runId+tabId], *traceIds, end, origin, site',
        parked: '++id, retry, failureId, end, size',
        usage: 'key, [kind+bytes], [kind+spans]',
        secrets: 'name',
      })
      .upgrade(async (tx) => {
        const ledger = new Map<string, UsageRow>();
        const count = (kind: UsageRow['kind'], name: string, batch: BatchRow) => {
          const key = `${kind}:${name}`;
          const row = ledger.get(key) ?? { key, kind, name, spans: 0, bytes: 0 };
          row.spans += batch.count;
          row.bytes += batch.bytes ?? 0;
          ledger.set(key, row);
        };
        await tx.table<BatchRow, number>('batches').toCollection().modify((batch) => {
          batch.site = batch.imported || batch.origin === undefined ? IMPORTED_SITE : hostOfOrigin(batch.origin);
          count('site', batch.site, batch);
          count('tab', `${batch.runId}/${batch.tabId}`, batch);
          count('all', '', batch);
        });
        await tx.table<UsageRow, string>('usage').bulkPut([...ledger.values()]);
        await tx.table<ParkedRow, number>('parked').toCollection().modify((row) => {
          row.size = [row.spans.length, storedBytes(row.spans)];
        });
      });
    // Every parked copy carries its size, however it is written (src/store/write-spans.ts).
    this.parked.hook('creating', (_key, row) => {
      row.size = [row.spans.length, storedBytes(row.spans)];
    });
  }
}

/** The host of `origin`, or `origin` itself when it has none. */
function hostOfOrigin(origin: string): string {
  try {
    return new URL(origin).hostname || origin;
  } catch {
    return origin;
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
    bytes += 128 + span.name.length + span.pageUrl.length + (span.status.message?.length ?? 0) + attributeBytes(span.attributes) + attributeBytes(span.resource);
    for (const event of span.events) bytes += 24 + event.name.length + attributeBytes(event.attributes);
    if (span.links) for (const link of span.links) bytes += 56 + attributeBytes(link.attributes);
  }
  return bytes;
}

/** The export watermark (nothing delivered yet: the start). */
export async function exportedUpTo(db: SpanlightDB): Promise<Position> {
  const row = await db.meta.get('exported');
  return row?.key === 'exported' ? row.value : { seq: 0, offset: 0 };
}


const after = (a: Position, b: Position) => a.seq > b.seq || (a.seq === b.seq && a.offset > b.offset);

/**
 * Where `signal`'s export is: its own position (src/store/signal-progress.ts), or the watermark
 * where that is later.
 */
export async function signalPosition(db: SpanlightDB, signal: Signal): Promise<Position> {
  const [own, watermark] = await Promise.all([db.meta.get(`sent:${signal}`), exportedUpTo(db)]);
  const value = own?.key === `sent:${signal}` ? (own.value as Position) : undefined;
  return value && after(value, watermark) ? value : watermark;
}

/**
 * The signals the user sends, as the store last heard (src/store/signal-progress.ts): what the
 * watermark waits for. Traces, for a store that never heard.
 */
export async function activeSignalsOf(db: SpanlightDB): Promise<Signal[]> {
  const row = await db.meta.get('signals');
  return row?.key === 'signals' ? row.value : ['traces'];
}

/**
 * Whether export is held because it is off (src/store/export-hold.ts): then nothing is pending. A
 * store that never heard of it is not held: export on, as before.
 */
export async function exportHeld(db: SpanlightDB): Promise<boolean> {
  return (await db.meta.get('exportHeld')) !== undefined;
}

/** The watermark pending spans follow, or undefined while export is held (nothing is pending). */
export async function pendingFrom(db: SpanlightDB): Promise<Position | undefined> {
  return (await exportHeld(db)) ? undefined : exportedUpTo(db);
}

/** Spans of `batch` not yet delivered, given the watermark. */
export function pendingIn(batch: BatchRow, watermark: Position): number {
  if (batch.imported) return 0;
  if (batch.seq! < watermark.seq) return 0;
  if (batch.seq! === watermark.seq) return Math.max(0, batch.count - watermark.offset);
  return batch.count;
}
