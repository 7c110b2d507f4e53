import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { criticalPath } from '../src/viewer/critical-path';
import { layoutTrace } from '../src/viewer/trace';
import { timedSpan } from './support/spans';

/** A trace of [name, parent name, start, length] spans. */
function trace(defs: [string, string | undefined, number, number, Record<string, number>?][]) {
  const spans: SpanRecord[] = [];
  const traceId = 'a'.repeat(32);
  const ids = new Map(defs.map(([name], i) => [name, (i + 1).toString(16).padStart(16, '0')]));
  for (const [name, parent, start, length, attributes] of defs) {
    const span = timedSpan(start, length, { name, traceId, spanId: ids.get(name)!, attributes: attributes ?? {} });
    if (parent) span.parentSpanId = ids.get(parent)!;
    else delete span.parentSpanId;
    spans.push(span);
  }
  const layout = layoutTrace(spans);
  const rowOf = (name: string) => layout.rows.findIndex((r) => r.span.name === name);
  const named = (path: ReturnType<typeof criticalPath>) => path.sections.map((s) => [layout.rows[s.row]!.span.name, s.from, s.to]);
  return { layout, rowOf, named };
}

describe('critical path', () => {
  it('follows the child that ends last, then the last one before it starts, with the parent’s own time between', () => {
    const { layout, named } = trace([
      ['a', undefined, 0, 100],
      ['b', 'a', 10, 30],
      ['c', 'a', 50, 40],
      ['d', 'c', 55, 20],
    ]);
    expect(named(criticalPath(layout))).toEqual([
      ['a', 0, 10],
      ['b', 10, 40],
      ['a', 40, 50],
      ['c', 50, 55],
      ['d', 55, 75],
      ['c', 75, 90],
      ['a', 90, 100],
    ]);
  });

  it('leaves out overlapping children that end after the chosen one starts', () => {
    // b ends last; c overlaps b's start, so it decides nothing; d ends before b starts.
    const { layout, named, rowOf } = trace([
      ['a', undefined, 0, 100],
      ['b', 'a', 40, 50],
      ['c', 'a', 30, 40],
      ['d', 'a', 5, 20],
    ]);
    const path = criticalPath(layout);
    expect(named(path)).toEqual([
      ['a', 0, 5],
      ['d', 5, 25],
      ['a', 25, 40],
      ['b', 40, 90],
      ['a', 90, 100],
    ]);
    expect(path.rows.has(rowOf('c'))).toBe(false);
  });

  it('clips a child that outlives its parent, and skips one starting after the parent’s end', () => {
    const { layout, named } = trace([
      ['a', undefined, 0, 50],
      ['b', 'a', 20, 100],
      ['c', 'a', 60, 10],
    ]);
    expect(named(criticalPath(layout))).toEqual([
      ['a', 0, 20],
      ['b', 20, 50],
    ]);
  });

  it('takes a chain of children that follow each other end to start', () => {
    const { layout, named } = trace([
      ['a', undefined, 0, 30],
      ['b', 'a', 0, 10],
      ['c', 'a', 10, 10],
      ['d', 'a', 20, 10],
    ]);
    expect(named(criticalPath(layout))).toEqual([
      ['b', 0, 10],
      ['c', 10, 20],
      ['d', 20, 30],
    ]);
  });

  it('walks from a selected span, not above it, and leaves vitals out', () => {
    const { layout, named, rowOf } = trace([
      ['a', undefined, 0, 100],
      ['LCP', 'a', 0, 99, { 'browser.web_vital.value': 99 }],
      ['b', 'a', 10, 30],
      ['c', 'b', 15, 10],
    ]);
    expect(named(criticalPath(layout, rowOf('b')))).toEqual([
      ['b', 10, 15],
      ['c', 15, 25],
      ['b', 25, 40],
    ]);
    expect(criticalPath(layout).rows.has(rowOf('LCP'))).toBe(false);
  });

  it('lays a path through a deep chain without overflowing the stack', () => {
    const defs: [string, string | undefined, number, number][] = [['s0', undefined, 0, 20_000]];
    for (let i = 1; i < 10_000; i++) defs.push([`s${i}`, `s${i - 1}`, i, 20_000 - 2 * i]);
    const { layout } = trace(defs);
    expect(criticalPath(layout).rows.size).toBe(10_000);
  });
});
