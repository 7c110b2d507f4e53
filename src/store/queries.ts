/** Read-only queries, for the UI pages, the exporter and the tests. */
import { byStart, type SpanRecord } from '../protocol/span';
import { activeSignalsOf, exportedUpTo, pendingFrom, pendingIn, signalPosition, type ExportFailure, type ParkedRow, type Position, type SpanlightDB } from './db';
import type { Signal } from '../signals';
import type { PageViewRow } from '../page-view';
import { latestReports } from '../vital';
import { readPending } from './pending-read';

/** The spans of the given batches, in batch order. */
export async function spansOf(db: SpanlightDB, seqs: number[]): Promise<SpanRecord[]> {
  const payloads = await db.payloads.bulkGet(seqs);
  return payloads.flatMap((p) => p?.spans ?? []);
}

/** Every span of a tab of the given browser run, oldest first; of a vital reported again, the last report. */
export async function spansOfTab(db: SpanlightDB, runId: string, tabId: number): Promise<SpanRecord[]> {
  const seqs = await db.batches.where('[runId+tabId]').equals([runId, tabId]).primaryKeys();
  return latestReports(await spansOf(db, seqs)).sort(byStart);
}

/** The batches holding spans of a trace, in arrival order (read a few at a time with spansOf). */
export function batchesOfTrace(db: SpanlightDB, traceId: string): Promise<number[]> {
  return db.batches.where('traceIds').equals(traceId).primaryKeys();
}

/** Every stored span, in arrival order. */
export async function allSpans(db: SpanlightDB): Promise<SpanRecord[]> {
  return (await db.payloads.toArray()).flatMap((p) => p.spans);
}

/**
 * The newest `limit` spans captured in this browser (imported files' spans left out), oldest
 * first: read a few batches at a time from the newest, so a large store costs no more than that.
 */
export async function latestSpans(db: SpanlightDB, limit: number): Promise<SpanRecord[]> {
  const newest: SpanRecord[] = [];
  let below = Infinity;
  while (newest.length < limit) {
    const rows = await db.batches.where('seq').below(below).reverse().limit(8).toArray();
    if (!rows.length) break;
    below = rows.at(-1)!.seq!;
    const live = rows.filter((row) => !row.imported).map((row) => row.seq!);
    for (const payload of await db.payloads.bulkGet(live)) {
      const spans = payload?.spans ?? [];
      for (let i = spans.length - 1; i >= 0 && newest.length < limit; i--) newest.push(spans[i]!);
    }
  }
  return newest.reverse();
}

/** The summary of one page view, if it is stored. */
export function pageView(db: SpanlightDB, traceId: string): Promise<PageViewRow | undefined> {
  return db.pageViews.get(traceId);
}

/** Every span of a trace, oldest first; of a vital reported again, the last report. */
export async function spansOfTrace(db: SpanlightDB, traceId: string): Promise<SpanRecord[]> {
  return latestReports((await spansOf(db, await batchesOfTrace(db, traceId))).filter((s) => s.traceId === traceId)).sort(byStart);
}

/** Batches from the watermark on, in arrival order. */
function fromWatermark(db: SpanlightDB, watermark: Position) {
  return db.batches.where('seq').aboveOrEqual(watermark.seq);
}

/**
 * Up to `limit` spans the collector does not have yet, in arrival order, from the watermark (or
 * from `after`, a later position), each with the position just after it (where the watermark
 * goes once it is delivered). None while export is held (off), unless `evenHeld`: then the spans
 * that would go if the user chose to send the stored ones too.
 */
export async function pendingSpans(
  db: SpanlightDB,
  limit: number,
  after?: Position,
  { evenHeld = false } = {},
): Promise<{ spans: SpanRecord[]; positions: Position[] }> {
  if (!evenHeld && !(await pendingFrom(db))) return { spans: [], positions: [] };
  const { spans, positionAfter } = await readPending(db, after ?? (await exportedUpTo(db)), limit);
  return { spans, positions: spans.map((_, i) => positionAfter(i)) };
}

/** Whether a parked row holds a request of `signal` (any, when undefined). */
const ofSignal = (signal: Signal | undefined) => (row: ParkedRow) => signal === undefined || (row.signal ?? 'traces') === signal;

/** A parked request of `signal` the user asked to send again, if any. */
export function parkedToRetry(db: SpanlightDB, signal: Signal = 'traces'): Promise<ParkedRow | undefined> {
  return db.parked.where('retry').equals(1).filter(ofSignal(signal)).first();
}

/**
 * How many spans wait for export (parked ones the user asked to retry included); 0 while export
 * is off. Of one signal: those past its position; otherwise those some active signal still waits for.
 */
export async function countPending(db: SpanlightDB, signal?: Signal): Promise<number> {
  if (!(await pendingFrom(db))) return 0;
  const watermark = signal ? await signalPosition(db, signal) : await exportedUpTo(db);
  let pending = 0;
  await fromWatermark(db, watermark).each((batch) => (pending += pendingIn(batch, watermark)));
  // Parked requests asked to go again wait only for a signal that is sent.
  const active = await activeSignalsOf(db);
  const waiting = (row: ParkedRow) => ofSignal(signal)(row) && active.includes(row.signal ?? 'traces');
  await db.parked.where('retry').equals(1).filter(waiting).each((row) => (pending += row.spans.length));
  return pending;
}

/** How many spans are parked after the collector refused them (of `signal`, or of any), waiting for the user. */
export async function countParked(db: SpanlightDB, signal?: Signal): Promise<number> {
  let parked = 0;
  await db.parked.where('retry').equals(0).filter(ofSignal(signal)).each((row) => (parked += row.spans.length));
  return parked;
}

/** How many spans are stored. */
export async function countSpans(db: SpanlightDB): Promise<number> {
  let count = 0;
  await db.batches.each((batch) => (count += batch.count));
  return count;
}

/** The collector's answers to the parked requests, newest first. */
export function exportFailures(db: SpanlightDB, limit = 20): Promise<ExportFailure[]> {
  return db.failures.orderBy('at').reverse().limit(limit).toArray();
}

/** Which page views to list: newest first, optionally of one origin or session, before a time. */
export interface PageViewQuery {
  origin?: string;
  sessionId?: string;
  /** Only page views that started before this (Unix ms): the next page after the last row seen. */
  before?: number;
  limit: number;
}

/** One page of page-view summaries, newest first; reads only the `pageViews` index. */
export function listPageViews(db: SpanlightDB, query: PageViewQuery): Promise<PageViewRow[]> {
  const before = query.before ?? Infinity;
  const collection =
    query.sessionId !== undefined
      ? db.pageViews.where('[sessionId+start]').between([query.sessionId, -Infinity], [query.sessionId, before], true, false)
      : query.origin !== undefined
        ? db.pageViews.where('[origin+start]').between([query.origin, -Infinity], [query.origin, before], true, false)
        : db.pageViews.where('start').below(before);
  return collection.reverse().limit(query.limit).toArray();
}

/** Every origin with stored page views, how many, and the bytes it stores (0 for imports); one index step per origin. */
export async function listOrigins(db: SpanlightDB): Promise<{ origin: string; pageViews: number; bytes: number }[]> {
  const origins: { origin: string; pageViews: number; bytes: number }[] = [];
  let next = await db.pageViews.orderBy('[origin+start]').first();
  while (next) {
    const origin = next.origin;
    const pageViews = await db.pageViews.where('[origin+start]').between([origin, -Infinity], [origin, Infinity], true, true).count();
    origins.push({ origin, pageViews, bytes: 0 });
    next = await db.pageViews.where('[origin+start]').above([origin, Infinity]).first();
  }
  const stored = await db.origins.bulkGet(origins.map((o) => o.origin));
  stored.forEach((row, i) => (origins[i]!.bytes = row?.bytes ?? 0));
  return origins;
}

/**
 * `spans` less those of a trace this browser recorded itself: an imported file may bring any
 * trace id, and one of a stored page view would be folded into it (its root, URL and counts
 * changed). Imports may add to traces imported before, never to this browser's own.
 */
export async function withoutLocalTraces(db: SpanlightDB, spans: readonly SpanRecord[]): Promise<{ kept: SpanRecord[]; refused: number }> {
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  const rows = await db.pageViews.bulkGet(traceIds);
  const local = new Set(rows.filter((row) => row && !row.imported).map((row) => row!.traceId));
  const kept = spans.filter((s) => !local.has(s.traceId));
  return { kept, refused: spans.length - kept.length };
}
