import { describe, expect, it } from 'vitest';
import { dragWindow, gripAt, overviewKey, spanDensity } from '../src/viewer/overview';
import type { SpanRecord } from '../src/protocol/span';
import type { TraceLayout } from '../src/viewer/trace';

const layout = (list: [number, number][], duration: number): TraceLayout => ({
  rows: list.map(([start, end]) => ({ span: {} as SpanRecord, depth: 0, start, end, parent: -1, descendants: 0 })),
  t0: 0,
  duration,
  rowOf: () => undefined,
});

describe('overview density', () => {
  it('counts the spans running during each column of the whole trace', () => {
    expect([...spanDensity(layout([[0, 100], [0, 25], [60, 70]], 100), 4)]).toEqual([2, 1, 2, 1]);
  });

  it('counts a span shorter than a column once, in its column', () => {
    expect([...spanDensity(layout([[51, 51.1]], 100), 10)]).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('overview grips and drags', () => {
  const view = { from: 20, to: 40 };
  it('grabs an edge near it, the window inside it, else the outside', () => {
    expect(gripAt(202, view, 100, 1000)).toBe('from');
    expect(gripAt(397, view, 100, 1000)).toBe('to');
    expect(gripAt(300, view, 100, 1000)).toBe('window');
    expect(gripAt(700, view, 100, 1000)).toBe('outside');
    expect(gripAt(500, { from: 0, to: 100 }, 100, 1000)).toBe('outside');
    expect(gripAt(998, { from: 0, to: 100 }, 100, 1000)).toBe('to');
  });

  it('moves the window, resizes it by an edge, or makes the dragged range the window', () => {
    expect(dragWindow('window', view, 300, 400, 100, 1000)).toEqual({ from: 30, to: 50 });
    expect(dragWindow('to', view, 400, 600, 100, 1000)).toEqual({ from: 20, to: 60 });
    expect(dragWindow('from', view, 200, 100, 100, 1000)).toEqual({ from: 10, to: 40 });
    expect(dragWindow('outside', view, 800, 600, 100, 1000)).toEqual({ from: 60, to: 80 });
  });

  it('centres the window on a click outside it', () => {
    const centred = dragWindow('outside', view, 700, 701, 100, 1000);
    expect(centred.from).toBeCloseTo(70.1 - 10);
    expect(centred.to).toBeCloseTo(70.1 + 10);
  });

  it('moves the window by keys, and ignores others', () => {
    expect(overviewKey('ArrowRight', false, view, 100)).toEqual({ from: 22, to: 42 });
    expect(overviewKey('ArrowLeft', true, view, 100)).toEqual({ from: 0, to: 20 });
    expect(overviewKey('End', false, view, 100)).toEqual({ from: 80, to: 100 });
    expect(overviewKey('Home', false, view, 100)).toEqual({ from: 0, to: 20 });
    const zoomed = overviewKey('+', false, view, 100)!;
    expect(zoomed.to - zoomed.from).toBeCloseTo(16);
    expect(overviewKey('x', false, view, 100)).toBeUndefined();
  });
});
