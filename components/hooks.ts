/** Preact hooks over the store and the background's status. */
import { useEffect, useState } from 'preact/hooks';
import { readRunId } from '../src/browser-run';
import { INITIAL_STATUS, readStatus, watchStatus, type Status } from '../src/status';
import type { SpanRecord } from '../src/protocol/span';
import { batchesOfTrace, spansOf, spansOfTab } from '../src/store/queries';
import { latestReports } from '../src/vital';
import { watchQuery, type SpanlightDB } from '../src/store/reader';

const warn = (error: unknown) => console.warn('spanlight: query failed', error);

/** The result of a store query, re-run whenever the tables it read change (in any context). */
export function useLiveQuery<T>(query: (db: SpanlightDB) => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => watchQuery(query, setValue, warn), deps);
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
    (db) => (runId && tabId !== undefined ? spansOfTab(db, runId, tabId) : Promise.resolve([])),
    [runId, tabId],
  );
  return runId === undefined ? undefined : spans;
}

/** The spans of a trace read so far, and whether that is all of them. */
export interface TraceSpans {
  spans: SpanRecord[];
  complete: boolean;
}

/**
 * The spans of a trace, in arrival order, live. The first load is progressive: one stored batch,
 * then 4, 16, 64… at a time, each shown as it arrives (not `complete`), so a 100k-span trace
 * paints its first rows after one small read rather than after all of them. Later changes load whole.
 */
export function useTraceSpans(traceId: string | undefined): TraceSpans | undefined {
  const [spans, setSpans] = useState<TraceSpans>();
  useEffect(() => {
    setSpans(undefined);
    if (!traceId) return;
    let loaded = false;
    let version = 0;
    const stop = watchQuery(
      (db) => batchesOfTrace(db, traceId),
      async (seqs, db) => {
        const mine = ++version;
        const all: SpanRecord[] = [];
        // In arrival order: the trace layout sorts them.
        // Of a vital reported again, the last report (src/vital.ts).
        const show = (complete: boolean) => setSpans({ spans: latestReports(all.filter((s) => s.traceId === traceId)), complete });
        for (let at = 0, step = 1; at < seqs.length; at += step, step *= 4) {
          const part = await spansOf(db, seqs.slice(at, at + step));
          if (mine !== version) return;
          for (const span of part) all.push(span);
          if (!loaded && at + step < seqs.length) show(false);
        }
        loaded = true;
        show(true);
      },
      warn,
    );
    return () => {
      version++;
      stop();
    };
  }, [traceId]);
  return spans;
}
