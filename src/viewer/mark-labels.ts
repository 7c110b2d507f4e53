/**
 * Where the waterfall's axis writes its mark labels (FCP, LCP): each beside its mark, moved right
 * past the label before it when they would overlap (an FCP and an LCP at the same moment once
 * printed as one smudge), and kept inside the axis. Pure, so the layout is tested without a canvas.
 */

export interface MarkLabel {
  /** The mark's x, in pixels. */
  at: number;
  /** The label's width, in pixels. */
  width: number;
}

/** Pixels between a mark and its label, and between two labels. */
const GAP = 3;

/**
 * The x of each label, in the order given: at least GAP right of its mark and of the label before
 * it (in the marks' order along the axis), and none past `end`; labels that cannot all fit are
 * pushed left from the end, still one after another, never over each other unless the axis is
 * narrower than all of them together.
 */
export function placeMarkLabels(labels: readonly MarkLabel[], end: number): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => labels[a]!.at - labels[b]!.at);
  const x = new Array<number>(labels.length);
  let next = -Infinity;
  for (const i of order) {
    x[i] = Math.max(labels[i]!.at + GAP, next);
    next = x[i] + labels[i]!.width + GAP;
  }
  // From the right: whatever runs past the end goes back, and takes the labels before it along.
  let limit = end;
  for (const i of [...order].reverse()) {
    x[i] = Math.max(0, Math.min(x[i]!, limit - labels[i]!.width));
    limit = x[i] - GAP;
  }
  return x;
}
