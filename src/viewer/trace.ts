/**
 * A trace as the viewer draws it: spans in tree order (each parent before its children, children
 * by start), with depth, times relative to the trace's start, and the waterfall's marks. Laid out
 * by ./trace-builder.ts: linear in the number of spans after one sort, and a trace that grows is
 * not sorted again.
 */
import { hrTimeToMs, type SpanRecord } from '../protocol/span';
import { TraceBuilder } from './trace-builder';

export interface TraceRow {
  span: SpanRecord;
  depth: number;
  /** Milliseconds from the trace's start. */
  start: number;
  end: number;
  /** Index of the parent row, -1 for a root (or a span whose parent is not stored). */
  parent: number;
  /** How many rows follow that descend from this one. */
  descendants: number;
}

export interface TraceLayout {
  rows: TraceRow[];
  /** Unix ms of the earliest start. */
  t0: number;
  /** Milliseconds from the earliest start to the latest end. */
  duration: number;
  /** The row of the span with this id (the last to arrive, of spans sharing it). */
  rowOf(spanId: string): number | undefined;
}

/** The layout of `spans` (in arrival order), all at once. */
export function layoutTrace(spans: readonly SpanRecord[]): TraceLayout {
  const builder = new TraceBuilder();
  builder.add(spans);
  return builder.layout();
}

/** Rows left visible when the rows at `collapsed` (indexes) hide their descendants. */
export function visibleRows(layout: TraceLayout, collapsed: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < layout.rows.length; i++) {
    out.push(i);
    if (collapsed.has(i)) i += layout.rows[i]!.descendants;
  }
  return out;
}

/** Where the waterfall draws its lines: FCP, LCP, DOMContentLoaded and load, layout shifts, the INP interaction. */
export interface TraceMarks {
  fcp?: number;
  lcp?: number;
  /** `domContentLoadedEventStart` and `loadEventStart` of the page load (its span events), as DevTools draws them. */
  dcl?: number;
  load?: number;
  shifts: number[];
  inp?: { start: number; end: number };
}

export function traceMarks(layout: TraceLayout): TraceMarks {
  const marks: TraceMarks = { shifts: [] };
  for (const row of layout.rows) {
    switch (row.span.name) {
      case 'FCP':
        marks.fcp = row.end;
        break;
      case 'LCP':
        marks.lcp = row.end;
        break;
      case 'CLS':
        marks.shifts.push(row.start);
        break;
      case 'INP':
        marks.inp = { start: row.start, end: row.end };
        break;
      case 'documentLoad':
        for (const event of row.span.events) {
          const at = hrTimeToMs(event.time) - layout.t0;
          if (event.name === 'domContentLoadedEventStart') marks.dcl ??= at;
          else if (event.name === 'loadEventStart') marks.load ??= at;
        }
        break;
    }
  }
  return marks;
}
