/**
 * A trace laid out as its spans arrive. The viewer reads a big trace a few stored batches at a
 * time and draws it after each; laying out every span again each time would sort them all again.
 * The builder keeps what it learnt in columns (typed arrays): each span's start, length and
 * parent, and the spans sorted by start. A new part is sorted on its own and merged in, so a
 * layout costs one linear walk over the tree plus the new part's sort, and the first layout of a
 * million spans no more than one sort. `layoutTrace` (./trace.ts) is a builder given every span.
 *
 * Order: each parent before its children, children (and roots) by start, then span id (compared
 * by UTF-16 code units), then arrival. Of spans sharing an id, the last to arrive is the parent
 * of their children. A span whose parent is not stored, or is itself, is a root; spans in a cycle
 * of parents come last, as roots without children, so none is lost.
 */
import { durationMs, hrTimeToMs, type SpanRecord } from '../protocol/span';
import type { TraceLayout, TraceRow } from './trace';

/** `array` with room for `size` entries, its contents kept. */
function room<T extends Float64Array | Int32Array>(array: T, size: number): T {
  if (array.length >= size) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

export class TraceBuilder {
  /** Every span added, in arrival order. */
  readonly spans: SpanRecord[] = [];
  /** Unix ms of each span's start, its length in ms, and its parent's index (-1: a root). */
  private starts = new Float64Array(0);
  private lengths = new Float64Array(0);
  private parents = new Int32Array(0);
  /** Span id → the index of the last span with it. */
  private readonly byId = new Map<string, number>();
  /** Parent id not yet seen → the spans waiting for it. */
  private waiting = new Map<string, number[]>();
  /** Indexes of the first `order.length` spans, by start, id and arrival. */
  private order = new Uint32Array(0);
  /** An id came again: every parent is looked up anew at the next layout. */
  private stale = false;

  /** Adds spans (in arrival order) after those given before. */
  add(spans: readonly SpanRecord[]): void {
    const from = this.spans.length;
    const size = from + spans.length;
    this.starts = room(this.starts, size);
    this.lengths = room(this.lengths, size);
    this.parents = room(this.parents, size);
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      const i = from + k;
      this.spans.push(span);
      this.starts[i] = hrTimeToMs(span.start);
      this.lengths[i] = durationMs(span);
      if (this.byId.has(span.spanId)) this.stale = true;
      this.byId.set(span.spanId, i);
      const kids = this.waiting.get(span.spanId);
      if (kids) {
        for (const kid of kids) this.parents[kid] = i;
        this.waiting.delete(span.spanId);
      }
      this.parents[i] = this.parentOf(i);
    }
  }

  /** The parent index of span `i` from the ids seen so far; -1 (and waiting for it) when unknown. */
  private parentOf(i: number): number {
    const id = this.spans[i]!.parentSpanId;
    if (id === undefined) return -1;
    const p = this.byId.get(id);
    if (p !== undefined) return p === i ? -1 : p;
    const list = this.waiting.get(id);
    if (list) list.push(i);
    else this.waiting.set(id, [i]);
    return -1;
  }

  /** Sorts the spans added since the last layout and merges them into `order`. */
  private sortNew(): Uint32Array {
    const n = this.spans.length;
    const old = this.order;
    if (old.length === n) return old;
    const { starts, spans } = this;
    const before = (a: number, b: number) => {
      const d = starts[a]! - starts[b]!;
      if (d) return d;
      const x = spans[a]!.spanId;
      const y = spans[b]!.spanId;
      return x < y ? -1 : x > y ? 1 : a - b;
    };
    const fresh = new Uint32Array(n - old.length);
    for (let k = 0; k < fresh.length; k++) fresh[k] = old.length + k;
    fresh.sort(before);
    const order = new Uint32Array(n);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) order[k++] = before(old[i]!, fresh[j]!) <= 0 ? old[i++]! : fresh[j++]!;
    while (i < old.length) order[k++] = old[i++]!;
    while (j < fresh.length) order[k++] = fresh[j++]!;
    this.order = order;
    return order;
  }

  /** The layout of every span added so far. */
  layout(): TraceLayout {
    const n = this.spans.length;
    if (!n) return { rows: [], t0: 0, duration: 0, rowOf: () => undefined };
    if (this.stale) {
      this.stale = false;
      this.waiting = new Map();
      for (let i = 0; i < n; i++) this.parents[i] = this.parentOf(i);
    }
    const order = this.sortNew();
    const { parents, starts, lengths, spans } = this;
    // Children lists, each by start: one array of every child, sliced by parent.
    const first = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) if (parents[i]! >= 0) first[parents[i]! + 1]!++;
    for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
    const fill = first.slice(0, n);
    const kids = new Int32Array(n);
    const stack = new Int32Array(n);
    let top = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      if (parents[i]! >= 0) kids[fill[parents[i]!]!++] = i;
    }
    for (let k = n - 1; k >= 0; k--) if (parents[order[k]!]! < 0) stack[top++] = order[k]!;
    // Depth first, iteratively: deep traces must not overflow the stack.
    const rowOfSpan = new Int32Array(n).fill(-1);
    const rowSpan = new Int32Array(n);
    const rowParent = new Int32Array(n);
    const depth = new Int32Array(n);
    let rows = 0;
    while (top) {
      const i = stack[--top]!;
      const p = parents[i]! < 0 ? -1 : rowOfSpan[parents[i]!]!;
      rowOfSpan[i] = rows;
      rowSpan[rows] = i;
      rowParent[rows] = p;
      depth[rows] = p < 0 ? 0 : depth[p]! + 1;
      rows++;
      for (let c = first[i + 1]! - 1; c >= first[i]!; c--) stack[top++] = kids[c]!;
    }
    const descendants = new Int32Array(n);
    for (let r = rows - 1; r > 0; r--) if (rowParent[r]! >= 0) descendants[rowParent[r]!]! += descendants[r]! + 1;
    // A cycle of parents is never reached from a root: show its spans as roots rather than lose them.
    for (let k = 0; k < n && rows < n; k++) {
      const i = order[k]!;
      if (rowOfSpan[i]! >= 0) continue;
      rowOfSpan[i] = rows;
      rowSpan[rows] = i;
      rowParent[rows] = -1;
      rows++;
    }
    const t0 = starts[order[0]!]!;
    let last = 0;
    const out: TraceRow[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const i = rowSpan[r]!;
      const start = starts[i]! - t0;
      const end = start + lengths[i]!;
      if (end > last) last = end;
      out[r] = { span: spans[i]!, depth: depth[r]!, start, end, parent: rowParent[r]!, descendants: descendants[r]! };
    }
    const { byId } = this;
    return {
      rows: out,
      t0,
      duration: Math.max(last, 0.001),
      rowOf: (spanId) => {
        const i = byId.get(spanId);
        return i === undefined || i >= n ? undefined : rowOfSpan[i];
      },
    };
  }
}

/**
 * The builder for `spans`: `builder` given the spans it lacks when `spans` begins with every span
 * it was given (in the same order: the trace grew), else a new one of `spans`.
 */
export function growTrace(builder: TraceBuilder | undefined, spans: readonly SpanRecord[]): TraceBuilder {
  const had = builder?.spans;
  let extends_ = !!had && had.length <= spans.length;
  for (let i = 0; extends_ && i < had!.length; i++) extends_ = had![i] === spans[i];
  const next = extends_ ? builder! : new TraceBuilder();
  next.add(next.spans.length ? spans.slice(next.spans.length) : spans);
  return next;
}
