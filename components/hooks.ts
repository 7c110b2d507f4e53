/** Preact hooks over the store and the background's status. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { readRunId } from '../src/browser-run';
import { INITIAL_STATUS, readStatus, watchStatus, type Status } from '../src/status';
import type { SpanRecord } from '../src/protocol/span';
import { SpanlightDB } from '../src/store/db';
import { spansOfTab } from '../src/store/queries';

/** The store, read-only from the UI pages (the background writes it). */
export const db = new SpanlightDB();

/** The result of a Dexie query, re-run whenever the tables it read change (in any context). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.warn('spanlight: query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}

/** The background's status, live. */
export function useStatus(): Status {
  const [status, setStatus] = useState(INITIAL_STATUS);
  useEffect(() => {
    const controller = new AbortController();
    void readStatus().then(setStatus);
    watchStatus(setStatus, controller.signal);
    return () => controller.abort();
  }, []);
  return status;
}

/** The spans of a tab in this browser run, oldest first, live; undefined while loading. */
export function useTabSpans(tabId: number | undefined): SpanRecord[] | undefined {
  // null: the background has not started this run yet, so nothing is stored for it.
  const [runId, setRunId] = useState<string | null>();
  useEffect(() => void readRunId().then((id) => setRunId(id ?? null)), []);
  const spans = useLiveQuery(
    () => (runId && tabId !== undefined ? spansOfTab(db, runId, tabId) : Promise.resolve([])),
    [runId, tabId],
  );
  return runId === undefined ? undefined : spans;
}

/**
 * The spans of a trace, in arrival order, live. The first load is progressive: one stored batch,
 * then 4, 16, 64… at a time, each shown as it arrives, so a 100k-span trace paints its first
 * rows after one small read rather than after all of them. Later changes load whole.
 */
export function useTraceSpans(traceId: string | undefined): SpanRecord[] | undefined {
  const [spans, setSpans] = useState<SpanRecord[]>();
  useEffect(() => {
    setSpans(undefined);
    if (!traceId) return;
    let loaded = false;
    let version = 0;
    const subscription = liveQuery(() => db.batches.where('traceIds').equals(traceId).primaryKeys()).subscribe({
      next: async (seqs) => {
        const mine = ++version;
        const all: SpanRecord[] = [];
        // In arrival order: the trace layout sorts them.
        const show = () => setSpans(all.filter((s) => s.traceId === traceId));
        for (let at = 0, step = 1; at < seqs.length; at += step, step *= 4) {
          const rows = await db.payloads.bulkGet(seqs.slice(at, at + step));
          if (mine !== version) return;
          for (const row of rows) if (row) for (const span of row.spans) all.push(span);
          if (!loaded && at + step < seqs.length) show();
        }
        loaded = true;
        show();
      },
      error: (error: unknown) => console.warn('spanlight: query failed', error),
    });
    return () => {
      version++;
      subscription.unsubscribe();
    };
  }, [traceId]);
  return spans;
}
