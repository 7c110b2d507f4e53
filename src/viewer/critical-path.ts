/**
 * The critical path of a span: the chain of descendants that decides when it ends. As Jaeger
 * computes it: from the span's end, the child that ends last (children clipped to their parent,
 * a child that starts after its parent's end left out) is on the path; the span's own time after
 * that child is its section; then, before that child's start, the child that ends last before it,
 * and so on, each child walked the same way. Web Vitals are measurements of the page, not work in
 * it: never on a path. Iterative, so a deep trace cannot overflow the stack.
 */
import { vitalValue } from '../vital';
import type { TraceLayout } from './trace';

/** A stretch of time [from, to) (ms from the trace's start) that row `row` itself decides. */
export interface PathSection {
  row: number;
  from: number;
  to: number;
}

export interface CriticalPath {
  /** The sections in time order; they tile the span's time without overlapping. */
  sections: PathSection[];
  /** The rows on the path (the span itself included). */
  rows: Set<number>;
}

interface Frame {
  row: number;
  start: number;
  end: number;
  /** Children by clipped end, latest first, with their clipped times. */
  kids: { row: number; start: number; end: number }[];
  next: number;
  /** Only children ending at or before this time may still be on the path. */
  barrier: number;
}

/** The children of each row, vitals left out. */
function childrenOf(layout: TraceLayout): number[][] {
  const kids: number[][] = layout.rows.map(() => []);
  layout.rows.forEach((row, i) => {
    if (row.parent >= 0 && vitalValue(row.span.attributes) === undefined) kids[row.parent]!.push(i);
  });
  return kids;
}

/** The critical path of row `from` (by default the first root: the page load). */
export function criticalPath(layout: TraceLayout, from = 0, kids = childrenOf(layout)): CriticalPath {
  const sections: PathSection[] = [];
  const rows = new Set<number>();
  const root = layout.rows[from];
  if (!root) return { sections, rows };
  const frame = (row: number, start: number, end: number): Frame => {
    rows.add(row);
    const clipped = kids[row]!.flatMap((k) => {
      const r = layout.rows[k]!;
      const s = Math.max(r.start, start);
      const e = Math.min(r.end, end);
      return r.start > end || e < s ? [] : [{ row: k, start: s, end: e }];
    });
    clipped.sort((a, b) => b.end - a.end || b.start - a.start);
    return { row, start, end, kids: clipped, next: 0, barrier: end };
  };
  const stack = [frame(from, root.start, root.end)];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    while (f.next < f.kids.length && f.kids[f.next]!.end > f.barrier) f.next++;
    const child = f.kids[f.next++];
    if (child) {
      if (f.barrier > child.end) sections.push({ row: f.row, from: child.end, to: f.barrier });
      f.barrier = child.start;
      stack.push(frame(child.row, child.start, child.end));
    } else {
      if (f.barrier > f.start) sections.push({ row: f.row, from: f.start, to: f.barrier });
      stack.pop();
    }
  }
  return { sections: sections.reverse(), rows };
}
