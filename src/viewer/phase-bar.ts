/**
 * How the waterfall draws a request's bar from its phases, as Chrome DevTools' Network waterfall
 * does: a thin line while the request is queued, lighter and thinner segments while it resolves,
 * connects and is sent, a light full-height segment while it waits for the first byte and the
 * full colour while it downloads. The segments tile the bar; what follows the last phase (a page
 * load's DOM work, a body read after the entry ended) is drawn as the plain bar.
 */
import type { PhaseName, RequestPhase } from './request-phases';

export type SegmentKind = PhaseName | 'queue' | 'rest';

/** [from, to) in ms from the trace's start. */
export interface BarSegment {
  kind: SegmentKind;
  from: number;
  to: number;
}

/** Each kind's opacity over the bar's colour and the share of the bar's height left out above and below. */
export const SEGMENT_STYLE: Record<SegmentKind, { alpha: number; inset: number }> = {
  queue: { alpha: 0.6, inset: 0.42 },
  redirect: { alpha: 0.3, inset: 0.25 },
  dns: { alpha: 0.4, inset: 0.25 },
  connect: { alpha: 0.5, inset: 0.25 },
  tls: { alpha: 0.65, inset: 0.25 },
  request: { alpha: 0.35, inset: 0.25 },
  wait: { alpha: 0.4, inset: 0 },
  download: { alpha: 1, inset: 0 },
  rest: { alpha: 1, inset: 0 },
};

/** Below this many pixels a bar is drawn whole: its segments would be noise. */
export const MIN_PHASED_WIDTH = 4;

/** The segments of a bar from `start` to `end` with `phases` (in order, within it, not overlapping). */
export function barSegments(start: number, end: number, phases: readonly RequestPhase[]): BarSegment[] {
  const segments: BarSegment[] = [];
  let at = start;
  for (const phase of phases) {
    if (phase.start > at) segments.push({ kind: 'queue', from: at, to: phase.start });
    if (phase.end > phase.start) segments.push({ kind: phase.name, from: phase.start, to: phase.end });
    at = Math.max(at, phase.end);
  }
  if (end > at || !segments.length) segments.push({ kind: 'rest', from: at, to: Math.max(at, end) });
  return segments;
}
