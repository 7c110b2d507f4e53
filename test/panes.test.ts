import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, detailHeight, HANDLE, LIMITS, listWidth, NARROW, tracePanes } from '../src/viewer/panes';

/** The trace area of a viewer `viewer` px wide, beside its page list. */
const split = (viewer: number, sizes = DEFAULT_SIZES, detail = true) => {
  const list = listWidth(viewer, sizes);
  return { list, ...tracePanes(viewer - list, viewer, sizes, detail) };
};

describe('pane geometry', () => {
  it('keeps the bars at least half the width at DevTools dock widths, with a span selected', () => {
    for (const viewer of [360, 480, 600, 800, 899, 900, 1000, 1280, 1400, 2560]) {
      const panes = split(viewer);
      expect(panes.bars, `at ${viewer} px`).toBeGreaterThanOrEqual(viewer / 2 - 1);
      expect(panes.list + panes.names + panes.detail + (panes.detail ? HANDLE : 0) + panes.bars).toBeLessThanOrEqual(viewer);
    }
  });

  it('puts the detail below the waterfall under NARROW, and beside it above', () => {
    expect(split(800)).toMatchObject({ below: true, detail: 0 });
    expect(split(600).below).toBe(true);
    expect(split(NARROW - 1).below).toBe(true);
    const wide = split(1400);
    expect(wide.below).toBe(false);
    expect(wide.detail).toBeGreaterThanOrEqual(LIMITS.detail.min);
  });

  it('gives the bars the whole rest when no span is selected', () => {
    const panes = split(800, DEFAULT_SIZES, false);
    expect(panes).toMatchObject({ detail: 0, below: false });
    expect(panes.bars).toBe(800 - panes.list - panes.names);
  });

  it('clamps the user’s sizes to their limits', () => {
    const huge = { ...DEFAULT_SIZES, list: 5000, names: 5000, detail: 5000 };
    const tiny = { ...DEFAULT_SIZES, list: 1, names: 1, detail: 1 };
    expect(listWidth(2560, huge)).toBe(LIMITS.list.max);
    expect(listWidth(2560, tiny)).toBe(LIMITS.list.min);
    expect(tracePanes(2000, 2000, tiny, true)).toMatchObject({ names: LIMITS.names.min, detail: LIMITS.detail.min });
    expect(tracePanes(4000, 4000, huge, true)).toMatchObject({ names: LIMITS.names.max, detail: LIMITS.detail.max });
  });

  it('shrinks the detail first, then the names, then moves the detail below', () => {
    // 1000 px, no list: 500 for names and detail together.
    const sizes = { ...DEFAULT_SIZES, names: 260, detail: 340 };
    expect(tracePanes(1000, 1000, sizes, true)).toEqual({ names: 260, detail: 500 - 260 - HANDLE, below: false, bars: 500 });
    // 440 left: the detail at its minimum, the names give the rest.
    expect(tracePanes(940, 1000, sizes, true)).toEqual({ names: 440 - LIMITS.detail.min - HANDLE, detail: LIMITS.detail.min, below: false, bars: 500 });
    // 300 left: both minimums do not fit, the detail goes below.
    expect(tracePanes(800, 1000, sizes, true)).toMatchObject({ names: 260, detail: 0, below: true });
  });

  it('takes a classic scrollbar out of the trace area, so the bars beside it keep their half', () => {
    const sizes = { ...DEFAULT_SIZES, names: 260, detail: 340 };
    for (const [trace, viewer] of [[1000, 1000], [1400, 1400], [940, 1000], [2000, 2000]] as const) {
      const without = tracePanes(trace, viewer, sizes, true);
      const panes = tracePanes(trace, viewer, sizes, true, 14);
      expect(panes.bars, `at ${trace} px`).toBeGreaterThanOrEqual(viewer / 2);
      expect(panes.names + panes.detail + HANDLE + panes.bars + 14, `at ${trace} px`).toBeLessThanOrEqual(trace);
      // What the scrollbar takes comes out of the side panes while they are over their minimums.
      expect(panes.names + panes.detail).toBeLessThanOrEqual(without.names + without.detail);
    }
    // 500 px for names and detail without it, 486 with it: the detail gives the 14 px.
    expect(tracePanes(1000, 1000, sizes, true, 14)).toEqual({ names: 260, detail: 500 - 14 - 260 - HANDLE, below: false, bars: 500 });
    // 330 px fit both minimums; 316 do not, and the detail goes below.
    expect(tracePanes(830, 1000, sizes, true).below).toBe(false);
    expect(tracePanes(830, 1000, sizes, true, 14)).toMatchObject({ names: 260, detail: 0, below: true, bars: 830 - 14 - 260 });
    // No more than the area: nothing is negative.
    expect(tracePanes(10, 1000, sizes, false, 14).bars).toBe(0);
  });

  it('folds the page list when it is closed or its minimum would pass a quarter of the width', () => {
    expect(listWidth(1400, { ...DEFAULT_SIZES, listOpen: false })).toBe(0);
    expect(listWidth(500, DEFAULT_SIZES)).toBe(0);
    expect(listWidth(800, DEFAULT_SIZES)).toBe(200);
  });

  it('keeps a bottom detail within its limits and 60% of the height', () => {
    expect(detailHeight(1000, { detailHeight: 260 })).toBe(260);
    expect(detailHeight(300, { detailHeight: 260 })).toBe(180);
    expect(detailHeight(100, { detailHeight: 260 })).toBe(LIMITS.detailHeight.min);
    expect(detailHeight(2000, { detailHeight: 5000 })).toBe(LIMITS.detailHeight.max);
  });
});
