/**
 * The flame chart's geometry: spans stacked by depth (x is time, y the depth), each depth one lane,
 * or as many lanes as its overlapping spans need (sibling requests run at once), packed greedily so
 * no box hides another. Each lane's boxes are sorted and never overlap, so the boxes in a window
 * are found by binary search, and those under a pixel are merged into one: a frame costs what is
 * in view (lanes × pixels), not the trace's size. Pure, tested without a canvas.
 */
import type { TraceLayout } from './trace';

/** One lane: its boxes (row indexes into the layout) by start, none overlapping. */
export interface FlameLane {
  depth: number;
  rows: Int32Array;
  starts: Float64Array;
  ends: Float64Array;
}

export interface FlameLayout {
  /** By depth, then lane within the depth. */
  lanes: FlameLane[];
  /** Each row's lane, and its index in that lane. */
  laneOf: Int32Array;
  indexOf: Int32Array;
}

/** A box to draw: pixels from the window's left; `count` boxes merged when more than one. */
export interface FlameBox {
  x: number;
  right: number;
  /** The first merged row (its colour stands for the run). */
  row: number;
  count: number;
  /** The run's first and last index in its lane. */
  first: number;
  last: number;
}

/** Lanes, in order: a depth's rows sorted by start, each placed in the lane that frees up first, or a new one. */
export function layoutFlame(layout: TraceLayout): FlameLayout {
  const n = layout.rows.length;
  let depths = 0;
  for (const r of layout.rows) depths = Math.max(depths, r.depth + 1);
  const counts = new Int32Array(depths + 1);
  for (const r of layout.rows) counts[r.depth + 1]!++;
  for (let d = 1; d <= depths; d++) counts[d]! += counts[d - 1]!;
  const byDepth = new Int32Array(n);
  const fill = counts.slice();
  layout.rows.forEach((r, i) => (byDepth[fill[r.depth]!++] = i));
  const laneOf = new Int32Array(n);
  const indexOf = new Int32Array(n);
  const lanes: FlameLane[] = [];
  // Typed copies: a million-span sort reads these tens of millions of times.
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  layout.rows.forEach((r, i) => {
    starts[i] = r.start;
    ends[i] = r.end;
  });
  const start = (i: number) => starts[i]!;
  const end = (i: number) => ends[i]!;
  const byStart = (a: number, b: number) => starts[a]! - starts[b]! || ends[b]! - ends[a]! || a - b;
  for (let d = 0; d < depths; d++) {
    const rows = byDepth.subarray(counts[d]!, counts[d + 1]!);
    rows.sort(byStart);
    // A min-heap of the depth's lanes by the end of their last box (typed, no garbage per span).
    const heap = new Int32Array(rows.length);
    const laneEnds = new Float64Array(rows.length);
    const laneSizes = new Int32Array(rows.length);
    let used = 0;
    const base = lanes.length;
    const less = (a: number, b: number) => laneEnds[a]! < laneEnds[b]! || (laneEnds[a] === laneEnds[b] && a < b);
    const swap = (a: number, b: number) => {
      const t = heap[a]!;
      heap[a] = heap[b]!;
      heap[b] = t;
    };
    for (const i of rows) {
      let lane: number;
      if (used && laneEnds[heap[0]!]! <= start(i)) {
        lane = heap[0]!;
        laneEnds[lane] = end(i);
        for (let k = 0; ; ) {
          const l = 2 * k + 1;
          let m = k;
          if (l < used && less(heap[l]!, heap[m]!)) m = l;
          if (l + 1 < used && less(heap[l + 1]!, heap[m]!)) m = l + 1;
          if (m === k) break;
          swap(k, m);
          k = m;
        }
      } else {
        lane = used;
        laneEnds[lane] = end(i);
        heap[used] = lane;
        for (let k = used++; k > 0 && less(heap[k]!, heap[(k - 1) >> 1]!); k = (k - 1) >> 1) swap(k, (k - 1) >> 1);
      }
      laneOf[i] = base + lane;
      indexOf[i] = laneSizes[lane]!++;
    }
    for (const size of laneSizes.subarray(0, used)) lanes.push({ depth: d, rows: new Int32Array(size), starts: new Float64Array(size), ends: new Float64Array(size) });
    for (const i of rows) {
      const lane = lanes[laneOf[i]!]!;
      const k = indexOf[i]!;
      lane.rows[k] = i;
      lane.starts[k] = start(i);
      lane.ends[k] = end(i);
    }
  }
  return { lanes, laneOf, indexOf };
}

/** The first index from `lo` whose value is at least `value` in a sorted array (its length when none). */
function firstAtLeast(values: Float64Array, value: number, lo = 0): number {
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The lane's boxes in `view` drawn `width` px wide: each box at least 1 px wide is its own; boxes
 * narrower than a pixel that start in the same pixel column are merged into one (at least 1 px).
 * At most about 2 × width boxes, whatever the lane holds.
 */
export function laneBoxes(lane: FlameLane, view: { from: number; to: number }, width: number): FlameBox[] {
  const scale = width / (view.to - view.from || 1);
  const px = (t: number) => (t - view.from) * scale;
  const boxes: FlameBox[] = [];
  const n = lane.rows.length;
  let i = firstAtLeast(lane.ends, view.from);
  while (i < n && lane.starts[i]! <= view.to) {
    const x = px(lane.starts[i]!);
    const right = px(lane.ends[i]!);
    if (right - x >= 1) {
      boxes.push({ x, right, row: lane.rows[i]!, count: 1, first: i, last: i });
      i++;
      continue;
    }
    const column = Math.floor(x);
    let j = firstAtLeast(lane.starts, view.from + (column + 1) / scale, i + 1);
    // A wide box that starts in this column is drawn as itself, not swallowed by the run.
    if (j - 1 > i && px(lane.ends[j - 1]!) - px(lane.starts[j - 1]!) >= 1) j--;
    boxes.push({ x: column, right: Math.max(column + 1, px(lane.ends[j - 1]!)), row: lane.rows[i]!, count: j - i, first: i, last: j - 1 });
    i = j;
  }
  return boxes;
}

/**
 * The row whose box in `lane` holds time `at`, or else the nearest within `slack` ms (a box under
 * a pixel is hard to hit exactly); undefined when none.
 */
export function hitFlame(flame: FlameLayout, lane: number, at: number, slack: number): number | undefined {
  const l = flame.lanes[lane];
  if (!l) return undefined;
  const k = firstAtLeast(l.ends, at);
  if (k < l.rows.length && l.starts[k]! <= at) return l.rows[k];
  const after = k < l.rows.length ? l.starts[k]! - at : Infinity;
  const before = k > 0 ? at - l.ends[k - 1]! : Infinity;
  if (Math.min(after, before) > slack) return undefined;
  return before <= after ? l.rows[k - 1] : l.rows[k];
}

/**
 * Per lane, how many of its first k boxes are in `rows` (k = 0..length): whether a merged run
 * holds a match is then two look-ups. Made once per search, not per frame.
 */
export function laneCounts(flame: FlameLayout, rows: ReadonlySet<number>): Int32Array[] {
  return flame.lanes.map((lane) => {
    const counts = new Int32Array(lane.rows.length + 1);
    for (let k = 0; k < lane.rows.length; k++) counts[k + 1] = counts[k]! + (rows.has(lane.rows[k]!) ? 1 : 0);
    return counts;
  });
}

/** Whether boxes `first`..`last` of a lane hold one of the rows `laneCounts` counted. */
export const runHas = (counts: Int32Array, first: number, last: number): boolean => counts[last + 1]! - counts[first]! > 0;
