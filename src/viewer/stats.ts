/**
 * The statistics table: spans grouped by name, resource type or server, with count, the wall time
 * they cover (the union of their intervals: concurrent spans counted once), the sum of their durations,
 * self time (the span's time not covered by its children) and p50/p95 of durations; the largest
 * self time first. Web Vitals are measurements of the page, not work in it: left out.
 */
import { vitalValue } from '../vital';
import type { TraceLayout } from './trace';

export type GroupBy = 'name' | 'type' | 'server';

export interface StatRow {
  key: string;
  count: number;
  /** Wall time covered: the time at least one span of the group was in flight. */
  wall: number;
  /** The sum of their durations (concurrent spans each counted). */
  total: number;
  self: number;
  p50: number;
  p95: number;
}

/** The `q` quantile (0–1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A Web Vital's span: a measurement of the page (from its start to the moment measured), not work. */
const isVital = (row: TraceLayout['rows'][number]) => vitalValue(row.span.attributes) !== undefined;

/**
 * Row `row`'s time not covered by its direct children (their union, clipped to the row); vitals
 * cover nothing. Reads only those children (each the next row after its elder sibling's subtree).
 */
export function selfTime(layout: TraceLayout, row: number): number {
  const { rows } = layout;
  const r = rows[row]!;
  const clipped: [number, number][] = [];
  for (let k = row + 1; k <= row + r.descendants && k < rows.length; k += rows[k]!.descendants + 1) {
    const kid = rows[k]!;
    if (kid.parent !== row || isVital(kid)) continue;
    const from = Math.max(kid.start, r.start);
    const to = Math.min(kid.end, r.end);
    if (to > from) clipped.push([from, to]);
  }
  return Math.max(0, r.end - r.start - unionLength(clipped));
}

/** Every row's self time (`selfTime`). */
export function selfTimes(layout: TraceLayout): Float64Array {
  const self = new Float64Array(layout.rows.length);
  for (let i = 0; i < self.length; i++) self[i] = selfTime(layout, i);
  return self;
}

/** The key of the row every span falls in (`statistics(layout, ALL)`): the trace's totals. */
export const ALL = 'all spans';

function keyOf(layout: TraceLayout, i: number, by: GroupBy | typeof ALL): string {
  if (by === ALL) return ALL;
  const span = layout.rows[i]!.span;
  if (by === 'name') return span.name;
  const a = span.attributes;
  if (by === 'server') return String(a['server.address'] ?? '(page)');
  return String(a['spanlight.resource.initiator_type'] ?? a['spanlight.http.api'] ?? '(other)');
}

/** The length of the union of [start, end) intervals. */
export function unionLength(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [s, e] of intervals) {
    if (s > to) {
      if (to > from) covered += to - from;
      from = s;
      to = e;
    } else to = Math.max(to, e);
  }
  if (to > from) covered += to - from;
  return covered;
}

/** The rows of the table grouped `by`; with ALL, the one row of the whole trace (none for a trace of vitals only). */
export function statistics(layout: TraceLayout, by: GroupBy | typeof ALL): StatRow[] {
  const self = selfTimes(layout);
  const groups = new Map<string, { durations: number[]; intervals: [number, number][]; self: number }>();
  layout.rows.forEach((row, i) => {
    if (isVital(row)) return;
    const key = keyOf(layout, i, by);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { durations: [], intervals: [], self: 0 }));
    group.durations.push(row.end - row.start);
    group.intervals.push([row.start, row.end]);
    group.self += self[i]!;
  });
  return [...groups]
    .map(([key, { durations, intervals, self }]) => {
      durations.sort((a, b) => a - b);
      return {
        key,
        count: durations.length,
        wall: unionLength(intervals),
        total: durations.reduce((a, b) => a + b, 0),
        self,
        p50: quantile(durations, 0.5),
        p95: quantile(durations, 0.95),
      };
    })
    .sort((a, b) => b.self - a.self);
}
