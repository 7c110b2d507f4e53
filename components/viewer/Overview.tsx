/**
 * The overview strip above the chart: the whole trace's span density (spans running per pixel
 * column), with the window in view as a highlighted rectangle. Drag outside the window to make
 * the range dragged the window, drag the window to move it, drag an edge to resize it, click to
 * centre it there (Shift+drag selects a range anywhere). Focusable (a slider over the window): ←/→ move it (Shift: a whole width),
 * Home/End, +/− zoom.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { CLICK_SLOP, dragWindow, gripAt, overviewKey, spanDensity, type Grip } from '../../src/viewer/overview';
import type { TimeWindow } from '../../src/viewer/time-window';
import type { TraceLayout } from '../../src/viewer/trace';
import { formatDuration } from '../format';
import { prepareCanvas } from './canvas';
import { useSize } from './panes';

const HEIGHT = 36;
const CURSORS: Record<Grip, string> = { from: 'ew-resize', to: 'ew-resize', window: 'grab', outside: 'crosshair' };

export interface OverviewProps {
  layout: TraceLayout;
  view: TimeWindow;
  onView(view: TimeWindow): void;
}

export function Overview({ layout, view, onView }: OverviewProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width } = useSize(box);
  const duration = layout.duration;
  const density = useMemo(() => spanDensity(layout, Math.round(width)), [layout, width]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !width) return;
    const ctx = prepareCanvas(el, width, HEIGHT);
    if (!ctx) return;
    const styles = getComputedStyle(el);
    let most = 1;
    for (const n of density) most = Math.max(most, n);
    ctx.fillStyle = styles.getPropertyValue('--bar') || '#3b82f6';
    // Square root: a column with a few spans still shows beside one with thousands.
    for (let c = 0; c < density.length; c++) {
      if (!density[c]) continue;
      const h = Math.max(1, Math.sqrt(density[c]! / most) * (HEIGHT - 4));
      ctx.fillRect(c, HEIGHT - h, 1, h);
    }
    const left = (view.from / (duration || 1)) * width;
    const right = Math.max(left + 2, (view.to / (duration || 1)) * width);
    ctx.fillStyle = 'rgba(107,114,128,0.35)';
    ctx.fillRect(0, 0, left, HEIGHT);
    ctx.fillRect(right, 0, width - right, HEIGHT);
    ctx.strokeStyle = styles.getPropertyValue('--bar') || '#3b82f6';
    ctx.lineWidth = 2;
    ctx.strokeRect(left + 1, 1, right - left - 2, HEIGHT - 2);
  });

  const drag = useRef<{ grip: Grip; view: TimeWindow; x: number; moved: boolean } | undefined>(undefined);
  const offsetX = (event: MouseEvent) => event.clientX - (event.currentTarget as HTMLElement).getBoundingClientRect().left;
  const text = `${formatDuration(view.from)} – ${formatDuration(view.to)} of ${formatDuration(duration)}`;

  return (
    <div class="overview" ref={box}>
      <canvas
        ref={canvas}
        style={{ width: `${width}px`, height: `${HEIGHT}px` }}
        tabindex={0}
        role="slider"
        aria-label="Trace overview: the time window in view"
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(view.from)}
        aria-valuetext={text}
        title={`${text}. Drag to choose a range, drag the window to move it, its edges to resize it.`}
        data-testid="overview"
        onKeyDown={(e) => {
          if (e.ctrlKey || e.metaKey || e.altKey) return;
          const next = overviewKey(e.key, e.shiftKey, view, duration);
          if (!next) return;
          // The trace view's own keys (arrows select spans) do not see the strip's.
          e.preventDefault();
          e.stopPropagation();
          onView(next);
        }}
        onMouseDown={(e) => {
          if (e.button) return;
          const x = offsetX(e);
          // Shift+drag selects a range wherever it starts.
          drag.current = { grip: e.shiftKey ? 'outside' : gripAt(x, view, duration, width), view, x, moved: false };
        }}
        onMouseMove={(e) => {
          const x = offsetX(e);
          const d = drag.current;
          if (!d || !(e.buttons & 1)) {
            (e.currentTarget as HTMLElement).style.cursor = CURSORS[gripAt(x, view, duration, width)];
            return;
          }
          if (Math.abs(x - d.x) >= CLICK_SLOP) d.moved = true;
          if (d.moved) onView(dragWindow(d.grip, d.view, d.x, x, duration, width));
        }}
        onMouseUp={(e) => {
          const d = drag.current;
          drag.current = undefined;
          if (!d) return;
          // A click (an edge's aside) centres the window on it.
          if (d.moved) onView(dragWindow(d.grip, d.view, d.x, offsetX(e), duration, width));
          else if (d.grip !== 'from' && d.grip !== 'to') onView(dragWindow('outside', d.view, d.x, d.x, duration, width));
        }}
        onMouseLeave={() => (drag.current = undefined)}
      />
    </div>
  );
}
