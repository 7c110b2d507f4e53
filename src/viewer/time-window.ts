/**
 * The part of a trace in view, and the moves that change it: zoom around a point, pan, zoom to a
 * range (a drag, a span with a margin), move one edge, centre on a moment, show everything. Every
 * result lies within [0, duration] and is never narrower than MIN_WIDTH of it. Pure, shared by the
 * waterfall, the flame chart and the overview strip.
 */

/** The part of the trace in view, in ms from its start. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The narrowest window, as a share of the trace (and never under a nanosecond). */
const MIN_WIDTH = 1e-6;
/** What zoom to span leaves either side of the span, as a share of its length. */
export const SPAN_MARGIN = 0.1;

const minWidth = (duration: number) => Math.max(duration * MIN_WIDTH, 1e-6);

/** `view` moved (not resized) into [0, duration]. */
export function clampView(view: TimeWindow, duration: number): TimeWindow {
  const width = Math.min(view.to - view.from, duration);
  const from = Math.min(Math.max(0, view.from), duration - width);
  return { from, to: from + width };
}

/** Zooms `view` by `factor` (<1 zooms in) around `at` (ms), within [0, duration]. */
export function zoomView(view: TimeWindow, factor: number, at: number, duration: number): TimeWindow {
  const span = Math.min(duration, Math.max(minWidth(duration), (view.to - view.from) * factor));
  const ratio = (at - view.from) / (view.to - view.from || 1);
  return clampView({ from: at - ratio * span, to: at - ratio * span + span }, duration);
}

/** Moves `view` by `delta` ms, within [0, duration]. */
export function panView(view: TimeWindow, delta: number, duration: number): TimeWindow {
  return clampView({ from: view.from + delta, to: view.to + delta }, duration);
}

/** The window from `a` to `b` (either order), widened about its middle to the narrowest allowed. */
export function rangeView(a: number, b: number, duration: number): TimeWindow {
  const from = Math.min(a, b);
  const width = Math.min(duration, Math.max(Math.abs(b - a), minWidth(duration)));
  const middle = from + Math.abs(b - a) / 2;
  return clampView({ from: middle - width / 2, to: middle + width / 2 }, duration);
}

/** The window showing `start`..`end` with SPAN_MARGIN of its length either side. */
export function spanView(start: number, end: number, duration: number): TimeWindow {
  const margin = (end - start) * SPAN_MARGIN;
  return rangeView(start - margin, end + margin, duration);
}

/** The same width, centred on `at`. */
export function centreView(view: TimeWindow, at: number, duration: number): TimeWindow {
  const half = (view.to - view.from) / 2;
  return clampView({ from: at - half, to: at + half }, duration);
}

/** `view` with one edge moved to `at`: never past the other edge (less the narrowest width), nor out of the trace. */
export function resizeView(view: TimeWindow, edge: 'from' | 'to', at: number, duration: number): TimeWindow {
  const min = minWidth(duration);
  if (edge === 'from') return { from: Math.max(0, Math.min(at, view.to - min)), to: view.to };
  return { from: view.from, to: Math.min(duration, Math.max(at, view.from + min)) };
}

/** The whole trace. */
export const wholeView = (duration: number): TimeWindow => ({ from: 0, to: duration });

/** Whether `view` shows the whole trace. */
export const isWhole = (view: TimeWindow, duration: number): boolean => view.from <= 0 && view.to >= duration;
