/**
 * Draws a waterfall bar on its canvas: a request's in the segments of its phases (src/viewer/
 * phase-bar.ts), any other span's, or a request too narrow to show them, whole. The caller sets
 * the colour and the opacity; each segment is drawn as a share of them.
 */
import { barSegments, MIN_PHASED_WIDTH, SEGMENT_STYLE } from '../../src/viewer/phase-bar';
import { requestPhases } from '../../src/viewer/request-phases';
import type { TraceLayout } from '../../src/viewer/trace';

/** Row `row`'s bar between `top` and `top + height`; `x` maps ms from the trace's start to pixels. */
export function drawBar(ctx: CanvasRenderingContext2D, layout: TraceLayout, row: number, x: (ms: number) => number, top: number, height: number): void {
  const r = layout.rows[row]!;
  const left = x(r.start);
  const width = Math.max(1, x(r.end) - left);
  const phases = width >= MIN_PHASED_WIDTH ? requestPhases(layout, row) : [];
  if (!phases.length) {
    ctx.fillRect(left, top, width, height);
    return;
  }
  const alpha = ctx.globalAlpha;
  for (const segment of barSegments(r.start, r.end, phases)) {
    const style = SEGMENT_STYLE[segment.kind];
    ctx.globalAlpha = alpha * style.alpha;
    ctx.fillRect(x(segment.from), top + height * style.inset, Math.max(0.5, x(segment.to) - x(segment.from)), height * (1 - 2 * style.inset));
  }
  ctx.globalAlpha = alpha;
}
