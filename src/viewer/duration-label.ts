/**
 * Where a bar's duration label goes in the visible part of the bars: right of the bar when it fits
 * there, else left of it, else inside it (at the right of its visible part), else nowhere. A bar
 * wholly outside the window has no label, so labels of bars out of view never gather at an edge,
 * and a label is never written over its own bar's end. Pure, so it is tested without a canvas.
 */

/** Pixels between a bar and its label, and inside a bar around the label. */
export const LABEL_GAP = 4;

export interface LabelPlace {
  /** The label's left x, in pixels. */
  x: number;
  /** Written on the bar (in the bar's contrasting colour) rather than beside it. */
  inside: boolean;
}

/**
 * The label of a bar from `left` to `right` (pixels, possibly past either edge), `width` px wide,
 * in bars `end` px wide; undefined when it has no place.
 */
export function placeDurationLabel(left: number, right: number, width: number, end: number): LabelPlace | undefined {
  if (right < 0 || left > end) return undefined;
  if (right + LABEL_GAP + width <= end) return { x: right + LABEL_GAP, inside: false };
  if (left - LABEL_GAP - width >= 0) return { x: left - LABEL_GAP - width, inside: false };
  const visibleLeft = Math.max(0, left);
  const visibleRight = Math.min(end, right);
  if (visibleRight - visibleLeft >= width + 2 * LABEL_GAP) return { x: visibleRight - LABEL_GAP - width, inside: true };
  return undefined;
}
