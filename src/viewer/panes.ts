/**
 * The viewer's pane geometry at any width, a DevTools dock's included: the page list, the
 * waterfall's name column and the span detail take what the user dragged them to, clamped, and
 * never more than leaves the bars half of the viewer's width. Below NARROW the detail moves under
 * the waterfall; the page list folds away when even its minimum would take a quarter of the width.
 * Pure, so the widths are tested without a browser.
 */

/** Below this viewer width the span detail is a bottom pane. */
export const NARROW = 900;
/** The width a side pane's drag handle takes. */
export const HANDLE = 6;

/** The user's sizes, in pixels, as dragged (kept between visits). */
export interface PaneSizes {
  list: number;
  names: number;
  detail: number;
  /** The detail's height when it is a bottom pane. */
  detailHeight: number;
  listOpen: boolean;
}

export const DEFAULT_SIZES: PaneSizes = { list: 240, names: 260, detail: 340, detailHeight: 260, listOpen: true };

/** Each pane's smallest and largest width (or height, for `detailHeight`). */
export const LIMITS = {
  list: { min: 140, max: 480 },
  names: { min: 100, max: 640 },
  detail: { min: 220, max: 720 },
  detailHeight: { min: 120, max: 800 },
} as const;

/** `value` within [min, max] (min wins when they cross). */
export const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(max, value));

/** The page list's width in a viewer `viewer` px wide: 0 when folded, or when its minimum would pass a quarter of the width. */
export function listWidth(viewer: number, sizes: Pick<PaneSizes, 'list' | 'listOpen'>): number {
  const max = Math.min(LIMITS.list.max, viewer / 4);
  if (!sizes.listOpen || max < LIMITS.list.min) return 0;
  return Math.round(clamp(sizes.list, LIMITS.list.min, max));
}

/** How the trace area splits: the name column, the detail (beside the bars or below them) and the bars. */
export interface TracePanes {
  names: number;
  /** The detail's width beside the bars; 0 when it is below or closed. */
  detail: number;
  /** Whether the detail is a bottom pane. */
  below: boolean;
  bars: number;
}

/**
 * Splits a trace area `trace` px wide in a viewer `viewer` px wide, `scrollbar` px of it taken by
 * the waterfall's own vertical scrollbar (0 where scrollbars overlay, ~14 px where they are classic,
 * as in Firefox on Linux). The bars keep at least half of the viewer's width: the detail gives way
 * first (down to its minimum, then below the waterfall), then the name column (down to its
 * minimum, then as far as it must).
 */
export function tracePanes(trace: number, viewer: number, sizes: PaneSizes, detailOpen: boolean, scrollbar = 0): TracePanes {
  const room = Math.max(0, trace - scrollbar);
  const budget = Math.max(0, room - viewer / 2);
  let names = clamp(sizes.names, LIMITS.names.min, LIMITS.names.max);
  let below = detailOpen && viewer < NARROW;
  let detail = detailOpen && !below ? clamp(sizes.detail, LIMITS.detail.min, LIMITS.detail.max) : 0;
  const used = () => names + (detail ? detail + HANDLE : 0);
  if (used() > budget && detail) detail = Math.max(LIMITS.detail.min, budget - names - HANDLE);
  if (used() > budget && detail) names = Math.max(LIMITS.names.min, budget - detail - HANDLE);
  if (used() > budget && detail) {
    below = true;
    detail = 0;
    names = clamp(sizes.names, LIMITS.names.min, LIMITS.names.max);
  }
  // Past every minimum (a very narrow dock) the name column takes what is left of its half.
  names = Math.round(Math.min(names, budget));
  detail = Math.round(detail);
  return { names, detail, below, bars: Math.max(0, Math.round(room - used())) };
}

/** The bottom detail's height in a trace area `height` px high: the user's, within its limits and 60% of the area. */
export function detailHeight(height: number, sizes: Pick<PaneSizes, 'detailHeight'>): number {
  return Math.round(clamp(sizes.detailHeight, LIMITS.detailHeight.min, Math.max(LIMITS.detailHeight.min, Math.min(LIMITS.detailHeight.max, height * 0.6))));
}
