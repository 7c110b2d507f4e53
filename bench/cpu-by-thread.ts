/**
 * Where a page load's added CPU time goes, across all of the browser's processes: the thread time
 * of every top-level task (the trace's `toplevel` category: each thread's RunTask) from the
 * navigation's start to its load event, summed per process kind and thread, with Spanlight
 * against an empty extension, paired and interleaved (bench/paired.ts). The load event is one
 * thread's critical path; this says which threads pay, including the ones a page's own timeline
 * cannot see (the extension's service worker, the browser's storage and IPC threads), on a
 * machine whose two cores every process shares.
 */
import type { BrowserContext } from 'playwright-core';
import { describeDifference, median, pairedDifference, shuffled } from './paired';
import { traceLoad, type TraceEvent } from './trace-load';
import type { Row } from './report';


/** A thread's top-level tasks: its task runner's, and the thread pool's. */
const TASKS = new Set(['ThreadControllerImpl::RunTask', 'ThreadPool_RunTask']);

/** The thread time of `events`' top-level tasks, in ms, per "process kind | thread kind" (from the trace's metadata). */
export function taskTimeByThread(events: readonly TraceEvent[]): Map<string, number> {
  const processes = new Map<number, string>();
  const threads = new Map<string, string>();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    if (event.name === 'process_name') processes.set(event.pid, event.args?.name ?? '?');
    if (event.name === 'thread_name') threads.set(`${event.pid}/${event.tid}`, event.args?.name ?? '?');
  }
  // Numbered threads (CompositorTileWorker1, 2 …) are one kind.
  const kind = (name: string | undefined) => (name ?? '?').replace(/[0-9]+$/, '');
  const sums = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'X' || !TASKS.has(event.name)) continue;
    const key = `${kind(processes.get(event.pid))} | ${kind(threads.get(`${event.pid}/${event.tid}`))}`;
    sums.set(key, (sums.get(key) ?? 0) + (event.tdur ?? event.dur ?? 0) / 1000);
  }
  return sums;
}

const ALL = 'all processes';

/** Rows: the added thread time in all processes, then in each thread that adds at least `minMs` (median). */
export async function cpuByThread(spanlight: BrowserContext, empty: BrowserContext, url: string, rounds: number, minMs = 2): Promise<Row[]> {
  const contexts = { spanlight, empty };
  const loads: Record<keyof typeof contexts, Map<string, number>[]> = { spanlight: [], empty: [] };
  for (let round = -1; round < rounds; round++) {
    for (const setup of shuffled(['spanlight', 'empty'] as const)) {
      const sums = taskTimeByThread(await traceLoad(contexts[setup], url, ['toplevel', '__metadata']));
      sums.set(ALL, [...sums.values()].reduce((a, b) => a + b, 0));
      if (round >= 0) loads[setup].push(sums);
    }
  }
  const keys = new Set(loads.spanlight.flatMap((sums) => [...sums.keys()]));
  const added = [...keys].map((key) => {
    const d = pairedDifference(loads.spanlight.map((sums, i) => (sums.get(key) ?? 0) - (loads.empty[i]!.get(key) ?? 0)));
    return { key, d, base: median(loads.empty.map((sums) => sums.get(key) ?? 0)) };
  });
  const rows = added
    .filter(({ key, d }) => key !== ALL && d.median >= minMs)
    .sort((a, b) => b.d.median - a.d.median)
    .map(({ key, d, base }) => ({ what: `… ${key} (empty extension: ${base.toFixed(1)} ms)`, value: describeDifference(d) }));
  const all = added.find(({ key }) => key === ALL);
  return [{ what: `all processes' task time, load start to load event (empty extension: ${all ? all.base.toFixed(1) : '?'} ms)`, value: all ? describeDifference(all.d) : 'no trace' }, ...rows];
}
