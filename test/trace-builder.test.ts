import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { selfTime, unionLength } from '../src/viewer/stats';
import { layoutTrace, type TraceLayout } from '../src/viewer/trace';
import { growTrace, TraceBuilder } from '../src/viewer/trace-builder';
import { timedSpan } from './support/spans';

/** A seeded generator of floats in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random trace in a random arrival order: mostly a tree (wide and deep), with starts that tie,
 * and now and then a parent that is missing, a span that is its own parent, a cycle, or an id
 * that comes twice.
 */
function randomTrace(random: () => number): SpanRecord[] {
  const n = 1 + Math.floor(random() * 200);
  const id = (i: number) => i.toString(16).padStart(16, '0');
  const spans: SpanRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    const parent = i === 0 || r < 0.05 ? undefined : r < 0.08 ? id(10_000 + i) : r < 0.1 ? id(i) : r < 0.5 ? id(i - 1) : id(Math.floor(random() * i));
    // Few distinct starts, so many tie and the id decides.
    const s = timedSpan(Math.floor(random() * 20), Math.floor(random() * 30), { traceId: 'a'.repeat(32), spanId: id(random() < 0.03 ? Math.floor(random() * (i + 1)) : i) });
    if (parent === undefined) delete s.parentSpanId;
    else s.parentSpanId = parent;
    spans.push(s);
  }
  // A cycle of two, now and then: neither reachable from a root.
  if (random() < 0.3) spans.push({ ...spans[0]!, spanId: 'c1', parentSpanId: 'c2' }, { ...spans[0]!, spanId: 'c2', parentSpanId: 'c1' });
  for (let i = spans.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [spans[i], spans[j]] = [spans[j]!, spans[i]!];
  }
  return spans;
}

/** What a layout says, with spans by identity. */
const facts = (layout: TraceLayout, spans: readonly SpanRecord[]) => ({
  rows: layout.rows.map((r) => [spans.indexOf(r.span), r.depth, r.start, r.end, r.parent, r.descendants]),
  t0: layout.t0,
  duration: layout.duration,
  rowOf: spans.map((s) => layout.rowOf(s.spanId)),
});

describe('trace builder', () => {
  it('lays out a trace given in parts, laid out after each, as it lays out the whole at once (500 random traces)', () => {
    const random = seeded(42);
    for (let round = 0; round < 500; round++) {
      const spans = randomTrace(random);
      const builder = new TraceBuilder();
      for (let at = 0; at < spans.length; ) {
        const part = 1 + Math.floor(random() * 40);
        builder.add(spans.slice(at, at + part));
        at += part;
        if (random() < 0.7 || at >= spans.length) builder.layout();
      }
      expect(facts(builder.layout(), spans)).toEqual(facts(layoutTrace(spans), spans));
    }
  });

  it('puts every span in once, each parent before its children, siblings by start then id, with true depths and descendants (500 random traces)', () => {
    const random = seeded(7);
    for (let round = 0; round < 500; round++) {
      const spans = randomTrace(random);
      const { rows } = layoutTrace(spans);
      expect(new Set(rows.map((r) => r.span)).size).toBe(spans.length);
      expect(rows).toHaveLength(spans.length);
      // The last span to arrive with an id is the parent of that id's children.
      const lastWith = new Map(spans.map((s) => [s.spanId, s]));
      const wrong: string[] = [];
      const under = new Array<number>(rows.length).fill(0);
      rows.forEach((row, r) => {
        if (row.parent >= 0) {
          if (row.parent >= r) wrong.push(`${r}: parent after it`);
          if (rows[row.parent]!.span !== lastWith.get(row.span.parentSpanId!)) wrong.push(`${r}: not its parent`);
          if (row.depth !== rows[row.parent]!.depth + 1) wrong.push(`${r}: depth`);
        } else if (row.depth !== 0) wrong.push(`${r}: root depth`);
        // Each ancestor's descendants run on past this row, and it counts once in each.
        for (let p = row.parent; p >= 0; p = rows[p]!.parent) {
          under[p]!++;
          if (r > p + rows[p]!.descendants) wrong.push(`${r}: outside ${p}`);
        }
      });
      rows.forEach((row, r) => row.descendants !== under[r] && wrong.push(`${r}: ${row.descendants} descendants, ${under[r]} under it`));
      expect(wrong).toEqual([]);
      const siblings = new Map<number, typeof rows>();
      for (const row of rows) siblings.set(row.parent, [...(siblings.get(row.parent) ?? []), row]);
      for (const [parent, list] of siblings) {
        // Roots reached from no root (a cycle) come after the tree, each in order among themselves.
        const ordered = parent >= 0 ? list : list.filter((row) => !row.span.parentSpanId || !lastWith.has(row.span.parentSpanId) || lastWith.get(row.span.parentSpanId) === row.span);
        for (let k = 1; k < ordered.length; k++) {
          const a = ordered[k - 1]!;
          const b = ordered[k]!;
          expect(a.start < b.start || (a.start === b.start && a.span.spanId <= b.span.spanId)).toBe(true);
        }
      }
    }
  });

  it('keeps the builder while the trace only grows, and starts anew when a span it had is gone', () => {
    const random = seeded(3);
    const spans = randomTrace(random).concat(randomTrace(random).map((s) => ({ ...s, spanId: `b${s.spanId}` })));
    const first = growTrace(undefined, spans.slice(0, 10));
    const grown = growTrace(first, spans);
    expect(grown).toBe(first);
    expect(facts(grown.layout(), spans)).toEqual(facts(layoutTrace(spans), spans));
    const fewer = spans.slice(1);
    const anew = growTrace(grown, fewer);
    expect(anew).not.toBe(grown);
    expect(facts(anew.layout(), fewer)).toEqual(facts(layoutTrace(fewer), fewer));
  });

  it('finds no row for an id it has not seen, and lays out no spans as an empty trace', () => {
    const empty = new TraceBuilder().layout();
    expect(empty.rows).toEqual([]);
    expect(empty.rowOf('x')).toBeUndefined();
    const one = layoutTrace(randomTrace(seeded(1)).slice(0, 1));
    expect(one.rowOf('not-there')).toBeUndefined();
    expect(one.rowOf(one.rows[0]!.span.spanId)).toBe(0);
  });
});

describe('self time', () => {
  it('is a row’s length less the union of its direct children clipped to it, as counted over every row (300 random traces)', () => {
    const random = seeded(11);
    for (let round = 0; round < 300; round++) {
      const spans = randomTrace(random);
      const layout = layoutTrace(spans);
      layout.rows.forEach((row, r) => {
        const kids = layout.rows.filter((k) => k.parent === r).map((k): [number, number] => [Math.max(k.start, row.start), Math.min(k.end, row.end)]);
        const expected = Math.max(0, row.end - row.start - unionLength(kids.filter(([s, e]) => e > s)));
        expect(selfTime(layout, r)).toBeCloseTo(expected, 9);
      });
    }
  });
});
