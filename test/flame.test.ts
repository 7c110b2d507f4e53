import { describe, expect, it } from 'vitest';
import { hitFlame, laneBoxes, laneCounts, layoutFlame, runHas } from '../src/viewer/flame';
import { layoutTrace, type TraceLayout } from '../src/viewer/trace';
import type { SpanRecord } from '../src/protocol/span';
import { timedSpan } from './support/spans';

/** A layout from [depth, start, end] rows (the flame layout reads nothing else). */
function rows(list: [number, number, number][]): TraceLayout {
  return {
    rows: list.map(([depth, start, end]) => ({ span: {} as SpanRecord, depth, start, end, parent: -1, descendants: 0 })),
    t0: 0,
    duration: Math.max(...list.map((r) => r[2])),
    rowOf: () => undefined,
  };
}

describe('flame layout', () => {
  it('puts each depth in its own lane, in depth order, by start', () => {
    const spans = [timedSpan(0, 100, { spanId: 'a'.repeat(16), name: 'root' })];
    delete spans[0]!.parentSpanId;
    spans.push(timedSpan(50, 10, { spanId: 'c'.repeat(16), parentSpanId: 'a'.repeat(16), name: 'late' }));
    spans.push(timedSpan(10, 20, { spanId: 'b'.repeat(16), parentSpanId: 'a'.repeat(16), name: 'early' }));
    spans.push(timedSpan(12, 5, { spanId: 'd'.repeat(16), parentSpanId: 'b'.repeat(16), name: 'inner' }));
    const layout = layoutTrace(spans);
    const flame = layoutFlame(layout);
    const names = flame.lanes.map((lane) => [lane.depth, [...lane.rows].map((r) => layout.rows[r]!.span.name)]);
    expect(names).toEqual([
      [0, ['root']],
      [1, ['early', 'late']],
      [2, ['inner']],
    ]);
  });

  it('gives overlapping spans of one depth lanes of their own, reusing a lane once it frees', () => {
    const layout = rows([
      [0, 0, 100],
      [1, 0, 50],
      [1, 10, 30],
      [1, 40, 60],
      [1, 60, 70],
    ]);
    const flame = layoutFlame(layout);
    expect(flame.lanes.map((l) => l.depth)).toEqual([0, 1, 1]);
    // No two boxes of a lane overlap, and every row is in the lane it says.
    for (const [index, lane] of flame.lanes.entries()) {
      for (let k = 1; k < lane.rows.length; k++) expect(lane.starts[k]).toBeGreaterThanOrEqual(lane.ends[k - 1]!);
      lane.rows.forEach((row, k) => expect([flame.laneOf[row], flame.indexOf[row]]).toEqual([index, k]));
    }
    expect(flame.lanes.reduce((n, l) => n + l.rows.length, 0)).toBe(5);
  });
});

describe('flame boxes in a window', () => {
  it('draws wide boxes as themselves, at their pixels', () => {
    const flame = layoutFlame(rows([[0, 0, 10], [0, 20, 40], [0, 90, 100]]));
    const boxes = laneBoxes(flame.lanes[0]!, { from: 0, to: 50 }, 500);
    expect(boxes.map((b) => [b.row, b.x, b.right, b.count])).toEqual([
      [0, 0, 100, 1],
      [1, 200, 400, 1],
    ]);
  });

  it('merges boxes under a pixel into one per column, bounded by the width whatever the count', () => {
    const many: [number, number, number][] = [];
    for (let i = 0; i < 100_000; i++) many.push([0, i, i + 0.5]);
    const flame = layoutFlame(rows(many));
    const boxes = laneBoxes(flame.lanes[0]!, { from: 0, to: 100_000 }, 200);
    expect(boxes.length).toBeLessThanOrEqual(202);
    expect(boxes.reduce((n, b) => n + b.count, 0)).toBe(100_000);
    for (const b of boxes) expect(b.right - b.x).toBeGreaterThanOrEqual(1);
    // Zoomed in, the same lane shows single boxes again.
    const close = laneBoxes(flame.lanes[0]!, { from: 10, to: 20 }, 200);
    expect(close.every((b) => b.count === 1)).toBe(true);
    expect(close.map((b) => b.row)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('keeps a wide box that starts in a merged column as its own box', () => {
    const flame = layoutFlame(rows([[0, 0, 0.1], [0, 0.2, 0.3], [0, 0.5, 60]]));
    const boxes = laneBoxes(flame.lanes[0]!, { from: 0, to: 100 }, 100);
    expect(boxes.map((b) => [b.row, b.count])).toEqual([
      [0, 2],
      [2, 1],
    ]);
  });

  it('skips what lies outside the window', () => {
    const flame = layoutFlame(rows([[0, 0, 10], [0, 20, 30], [0, 50, 60]]));
    expect(laneBoxes(flame.lanes[0]!, { from: 15, to: 35 }, 100).map((b) => b.row)).toEqual([1]);
  });

  it('tells whether a merged run holds a search match', () => {
    const flame = layoutFlame(rows([[0, 0, 1], [0, 1, 2], [0, 2, 3], [0, 3, 4]]));
    const counts = laneCounts(flame, new Set([2]))[0]!;
    expect(runHas(counts, 0, 1)).toBe(false);
    expect(runHas(counts, 1, 2)).toBe(true);
    expect(runHas(counts, 2, 3)).toBe(true);
    expect(runHas(counts, 3, 3)).toBe(false);
  });
});

describe('flame hit-testing', () => {
  const flame = layoutFlame(rows([[0, 0, 100], [1, 10, 20], [1, 30, 40]]));

  it('finds the box under a time in a lane', () => {
    expect(hitFlame(flame, 0, 50, 0)).toBe(0);
    expect(hitFlame(flame, 1, 15, 0)).toBe(1);
    expect(hitFlame(flame, 1, 35, 0)).toBe(2);
  });

  it('takes the nearest box within the slack, and none beyond it or off the lanes', () => {
    expect(hitFlame(flame, 1, 22, 3)).toBe(1);
    expect(hitFlame(flame, 1, 28, 3)).toBe(2);
    expect(hitFlame(flame, 1, 25, 3)).toBeUndefined();
    expect(hitFlame(flame, 5, 15, 3)).toBeUndefined();
  });
});
