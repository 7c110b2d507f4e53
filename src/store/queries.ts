/** Read-only queries, for the UI pages and the exporter. */
import Dexie from 'dexie';
import { ExportState, type ExportFailure, type SpanlightDB, type StoredSpan } from './db';

const byStart = (a: StoredSpan, b: StoredSpan) => a.start[0] - b.start[0] || a.start[1] - b.start[1];

/** Every span of a tab of the given browser run, oldest first. */
export async function spansOfTab(db: SpanlightDB, runId: string, tabId: number): Promise<StoredSpan[]> {
  const spans = await db.spans.where('[runId+tabId]').equals([runId, tabId]).toArray();
  return spans.sort(byStart);
}

const inState = (db: SpanlightDB, state: number) =>
  db.spans.where('[exported+start]').between([state, Dexie.minKey], [state, Dexie.maxKey]);

/** Up to `limit` spans the collector does not have yet, oldest first. */
export function pendingSpans(db: SpanlightDB, limit: number): Promise<StoredSpan[]> {
  return inState(db, ExportState.PENDING).limit(limit).toArray();
}

/** How many spans wait for export. */
export function countPending(db: SpanlightDB): Promise<number> {
  return inState(db, ExportState.PENDING).count();
}

/** How many spans are parked after the collector refused them. */
export function countParked(db: SpanlightDB): Promise<number> {
  return inState(db, ExportState.PARKED).count();
}

/** The collector's answers to the parked batches, newest first. */
export function exportFailures(db: SpanlightDB, limit = 20): Promise<ExportFailure[]> {
  return db.failures.orderBy('at').reverse().limit(limit).toArray();
}

/** Spans grouped by trace, each trace's spans oldest first, the newest trace first. */
export function groupByTrace(spans: readonly StoredSpan[]): StoredSpan[][] {
  const traces = new Map<string, StoredSpan[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId);
    if (list) list.push(span);
    else traces.set(span.traceId, [span]);
  }
  const groups = [...traces.values()].map((list) => list.sort(byStart));
  return groups.sort((a, b) => byStart(b[0]!, a[0]!));
}
