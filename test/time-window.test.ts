import { describe, expect, it } from 'vitest';
import { centreView, clampView, isWhole, panView, rangeView, resizeView, spanView, SPAN_MARGIN, wholeView, zoomView } from '../src/viewer/time-window';

describe('time window', () => {
  it('zooms around the point given, keeping its place in the window', () => {
    const view = zoomView({ from: 0, to: 100 }, 0.5, 25, 100);
    expect(view.to - view.from).toBe(50);
    expect((25 - view.from) / (view.to - view.from)).toBeCloseTo(0.25);
  });

  it('pans without leaving the trace', () => {
    expect(panView({ from: 10, to: 30 }, 100, 100)).toEqual({ from: 80, to: 100 });
    expect(panView({ from: 10, to: 30 }, -100, 100)).toEqual({ from: 0, to: 20 });
    expect(clampView({ from: -5, to: 500 }, 100)).toEqual({ from: 0, to: 100 });
  });

  it('turns a range dragged either way into the window, widened to the narrowest allowed', () => {
    expect(rangeView(60, 20, 100)).toEqual({ from: 20, to: 60 });
    const tiny = rangeView(50, 50, 100);
    expect(tiny.to - tiny.from).toBeGreaterThan(0);
    expect((tiny.from + tiny.to) / 2).toBeCloseTo(50);
  });

  it('zooms to a span with a margin either side, inside the trace', () => {
    const view = spanView(200, 400, 1000);
    expect(view.from).toBeCloseTo(200 - 200 * SPAN_MARGIN);
    expect(view.to).toBeCloseTo(400 + 200 * SPAN_MARGIN);
    expect(spanView(0, 1000, 1000)).toEqual({ from: 0, to: 1000 });
    const instant = spanView(300, 300, 1000);
    expect(instant.from).toBeLessThan(300);
    expect(instant.to).toBeGreaterThan(300);
  });

  it('centres on a moment, keeping the width', () => {
    expect(centreView({ from: 0, to: 20 }, 50, 100)).toEqual({ from: 40, to: 60 });
    expect(centreView({ from: 0, to: 20 }, 99, 100)).toEqual({ from: 80, to: 100 });
  });

  it('moves one edge, never past the other nor out of the trace', () => {
    expect(resizeView({ from: 20, to: 60 }, 'from', 10, 100)).toEqual({ from: 10, to: 60 });
    expect(resizeView({ from: 20, to: 60 }, 'to', 150, 100)).toEqual({ from: 20, to: 100 });
    const crossed = resizeView({ from: 20, to: 60 }, 'from', 90, 100);
    expect(crossed.to).toBe(60);
    expect(crossed.from).toBeLessThan(60);
    expect(resizeView({ from: 20, to: 60 }, 'from', -10, 100).from).toBe(0);
  });

  it('knows the whole trace', () => {
    expect(isWhole(wholeView(100), 100)).toBe(true);
    expect(isWhole({ from: 1, to: 100 }, 100)).toBe(false);
  });
});
