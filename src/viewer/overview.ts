/**
 * The overview strip's geometry: the whole trace's span density per pixel column (how many spans
 * run during it), where a pointer grabs the strip (an edge of the window, the window, or outside
 * it), what a drag there makes of the window, and the strip's keys. Pure, tested without a canvas.
 */
import { centreView, clampView, isWhole, panView, rangeView, resizeView, zoomView, type TimeWindow } from './time-window';
import type { TraceLayout } from './trace';

/** Pixels either side of a window edge that grab the edge. */
export const EDGE_GRIP = 5;
/** A drag shorter than this (pixels) is a click. */
export const CLICK_SLOP = 3;

/** How many spans run during each of `columns` columns across the whole trace: linear in spans plus columns. */
export function spanDensity(layout: TraceLayout, columns: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, columns));
  if (!columns || !layout.rows.length) return out;
  const diff = new Int32Array(columns + 1);
  const scale = columns / (layout.duration || 1);
  const column = (t: number) => Math.min(columns - 1, Math.max(0, Math.floor(t * scale)));
  for (const r of layout.rows) {
    const first = column(r.start);
    // A span ending on a column's left edge does not run during it.
    diff[first]!++;
    diff[Math.max(first, Math.min(columns - 1, Math.ceil(r.end * scale) - 1)) + 1]!--;
  }
  let running = 0;
  for (let c = 0; c < columns; c++) out[c] = running += diff[c]!;
  return out;
}

export type Grip = 'from' | 'to' | 'window' | 'outside';

/**
 * What a pointer at `x` (pixels in a strip `width` wide) grabs. A window of the whole trace has
 * nowhere to move, so inside it a drag selects a range.
 */
export function gripAt(x: number, view: TimeWindow, duration: number, width: number): Grip {
  const scale = width / (duration || 1);
  const left = view.from * scale;
  const right = view.to * scale;
  // A window a few pixels wide is still moved from its middle.
  const grip = Math.min(EDGE_GRIP, (right - left) / 3);
  if (Math.abs(x - left) <= grip) return 'from';
  if (Math.abs(x - right) <= grip) return 'to';
  if (x > left && x < right && !isWhole(view, duration)) return 'window';
  return 'outside';
}

/**
 * The window after dragging from `down` to `x` (pixels), grabbed at `grip` when it was `start`:
 * the window moves, one edge moves, or (outside it) the range dragged over becomes the window and
 * a click centres the window there.
 */
export function dragWindow(grip: Grip, start: TimeWindow, down: number, x: number, duration: number, width: number): TimeWindow {
  const time = (px: number) => (Math.min(width, Math.max(0, px)) / (width || 1)) * duration;
  switch (grip) {
    case 'window':
      return panView(start, ((x - down) / (width || 1)) * duration, duration);
    case 'from':
    case 'to':
      return resizeView(start, grip, time(x), duration);
    case 'outside':
      return Math.abs(x - down) < CLICK_SLOP ? centreView(start, time(x), duration) : rangeView(time(down), time(x), duration);
    default:
      throw new Error(`unknown grip ${String(grip)}`);
  }
}

/** The strip's keys: ←/→ move the window a tenth of its width (Shift: a whole width), Home/End to an end, +/− zoom. */
export function overviewKey(key: string, shift: boolean, view: TimeWindow, duration: number): TimeWindow | undefined {
  const width = view.to - view.from;
  const centre = (view.from + view.to) / 2;
  switch (key) {
    case 'ArrowLeft':
      return panView(view, -width * (shift ? 1 : 0.1), duration);
    case 'ArrowRight':
      return panView(view, width * (shift ? 1 : 0.1), duration);
    case 'Home':
      return clampView({ from: 0, to: width }, duration);
    case 'End':
      return clampView({ from: duration - width, to: duration }, duration);
    case '+':
    case '=':
      return zoomView(view, 0.8, centre, duration);
    case '-':
      return zoomView(view, 1.25, centre, duration);
    default:
      return undefined;
  }
}
