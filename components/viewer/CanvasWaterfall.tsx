/**
 * The trace waterfall: a virtualised tree of span names (DOM, only the rows in view) beside
 * bars drawn on a canvas, under a time axis with the page's FCP and LCP, its layout shifts and
 * its INP interaction. Cost per frame is the rows in view, whatever the trace's size.
 * Ctrl+wheel (or w/s) zooms around the pointer, shift+wheel, drag (or a/d) pans.
 */
import { vitalName } from '../../src/vital';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { placeMarkLabels } from '../../src/viewer/mark-labels';
import type { TraceLayout, TraceMarks } from '../../src/viewer/trace';
import { formatDuration, spanDetail } from '../format';

export const ROW_HEIGHT = 22;
const NAME_WIDTH = 320;

/** The part of the trace in view, in ms from its start. */
export interface TimeWindow {
  from: number;
  to: number;
}

export interface WaterfallProps {
  layout: TraceLayout;
  /** Row indexes shown, in order. */
  shown: number[];
  collapsed: ReadonlySet<number>;
  selected: number | undefined;
  /** Rows matching the search, when there is one. */
  matches: ReadonlySet<number> | undefined;
  marks: TraceMarks;
  view: TimeWindow;
  onView(view: TimeWindow): void;
  onSelect(row: number): void;
  onToggle(row: number): void;
}

/** Zooms `view` by `factor` (<1 zooms in) around `at` (ms), within [0, duration]. */
export function zoomView(view: TimeWindow, factor: number, at: number, duration: number): TimeWindow {
  const span = Math.min(duration, Math.max(duration * 1e-6, 1e-6, (view.to - view.from) * factor));
  const ratio = (at - view.from) / (view.to - view.from || 1);
  return clampView({ from: at - ratio * span, to: at - ratio * span + span }, duration);
}

/** Moves `view` by `delta` ms, within [0, duration]. */
export function panView(view: TimeWindow, delta: number, duration: number): TimeWindow {
  return clampView({ from: view.from + delta, to: view.to + delta }, duration);
}

function clampView(view: TimeWindow, duration: number): TimeWindow {
  const width = Math.min(view.to - view.from, duration);
  const from = Math.min(Math.max(0, view.from), duration - width);
  return { from, to: from + width };
}

function color(layout: TraceLayout, row: number, styles: CSSStyleDeclaration): string {
  const span = layout.rows[row]!.span;
  if (span.status.code === 2) return styles.getPropertyValue('--error') || '#dc2626';
  if (vitalName(span.attributes) !== undefined) return '#d97706';
  if (span.attributes['ui.event.type'] !== undefined) return '#7c3aed';
  if (span.name === 'resourceFetch') return '#059669';
  return styles.getPropertyValue('--bar') || '#3b82f6';
}

function tickStep(range: number, pixels: number): number {
  const rough = (range / Math.max(1, pixels)) * 90;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
}

function useSize(ref: { current: HTMLElement | null }): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return size;
}

function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | undefined {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx?.clearRect(0, 0, width, height);
  return ctx ?? undefined;
}

export function CanvasWaterfall(props: WaterfallProps) {
  const { layout, shown, collapsed, selected, matches, marks, view, onView, onSelect, onToggle } = props;
  const body = useRef<HTMLDivElement>(null);
  const bars = useRef<HTMLCanvasElement>(null);
  const axis = useRef<HTMLCanvasElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const size = useSize(body);
  const barsWidth = Math.max(0, size.width - NAME_WIDTH);
  const first = Math.floor(scrollTop / ROW_HEIGHT);
  const count = Math.ceil(size.height / ROW_HEIGHT) + 1;
  const inView = shown.slice(first, first + count);
  const x = (ms: number) => ((ms - view.from) / (view.to - view.from || 1)) * barsWidth;

  // Keep the selected row in view.
  useEffect(() => {
    const el = body.current;
    const at = selected === undefined ? -1 : shown.indexOf(selected);
    if (!el || at < 0) return;
    const top = at * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selected, shown]);

  // A new trace is painted anew: its first paint is marked again.
  useEffect(() => {
    if (bars.current) delete bars.current.dataset.painted;
  }, [layout]);

  useEffect(() => {
    const canvas = bars.current;
    if (!canvas || !barsWidth || !size.height) return;
    const ctx = prepare(canvas, barsWidth, size.height);
    if (!ctx) return;
    const styles = getComputedStyle(canvas);
    const offset = -(scrollTop % ROW_HEIGHT);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    inView.forEach((row, i) => {
      const r = layout.rows[row]!;
      const y = offset + i * ROW_HEIGHT;
      if (row === selected) {
        ctx.fillStyle = 'rgba(59,130,246,0.15)';
        ctx.fillRect(0, y, barsWidth, ROW_HEIGHT);
      }
      const left = x(r.start);
      const width = Math.max(1, x(r.end) - left);
      ctx.globalAlpha = matches && !matches.has(row) ? 0.25 : 1;
      ctx.fillStyle = color(layout, row, styles);
      ctx.fillRect(left, y + 5, width, ROW_HEIGHT - 10);
      if (matches?.has(row)) {
        ctx.strokeStyle = '#facc15';
        ctx.lineWidth = 2;
        ctx.strokeRect(left - 1, y + 4, width + 2, ROW_HEIGHT - 8);
      }
      ctx.fillStyle = styles.getPropertyValue('--muted') || '#6b7280';
      const label = formatDuration(r.end - r.start);
      const labelX = left + width + 4 + ctx.measureText(label).width < barsWidth ? left + width + 4 : left - 4 - ctx.measureText(label).width;
      ctx.fillText(label, Math.max(2, labelX), y + ROW_HEIGHT / 2);
      ctx.globalAlpha = 1;
    });
    const line = (at: number | undefined, stroke: string) => {
      if (at === undefined || at < view.from || at > view.to) return;
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(Math.round(x(at)) + 0.5, 0);
      ctx.lineTo(Math.round(x(at)) + 0.5, size.height);
      ctx.stroke();
    };
    if (marks.inp) {
      ctx.fillStyle = 'rgba(124,58,237,0.12)';
      ctx.fillRect(x(marks.inp.start), 0, Math.max(2, x(marks.inp.end) - x(marks.inp.start)), size.height);
    }
    line(marks.fcp, '#16a34a');
    line(marks.lcp, '#d97706');
    for (const shift of marks.shifts) line(shift, '#dc2626');
    canvas.dataset.rows = String(inView.length);
    if (inView.length && !canvas.dataset.painted) {
      canvas.dataset.painted = '1';
      performance.mark('spanlight:waterfall-painted', { detail: layout.rows.length });
    }
  });

  useEffect(() => {
    const canvas = axis.current;
    if (!canvas || !barsWidth) return;
    const ctx = prepare(canvas, barsWidth, 24);
    if (!ctx) return;
    const styles = getComputedStyle(canvas);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = styles.getPropertyValue('--muted') || '#6b7280';
    ctx.strokeStyle = styles.getPropertyValue('--line') || '#e5e7eb';
    const step = tickStep(view.to - view.from, barsWidth);
    for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
      const px = Math.round(x(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, 16);
      ctx.lineTo(px, 24);
      ctx.stroke();
      ctx.fillText(formatDuration(t), Math.min(px + 2, barsWidth - 40), 12);
    }
    const shown = [
      { at: marks.fcp, text: 'FCP', fill: '#16a34a' },
      { at: marks.lcp, text: 'LCP', fill: '#d97706' },
    ].filter((m): m is { at: number; text: string; fill: string } => m.at !== undefined && m.at >= view.from && m.at <= view.to);
    const places = placeMarkLabels(
      shown.map((m) => ({ at: x(m.at), width: ctx.measureText(m.text).width })),
      barsWidth,
    );
    shown.forEach((m, i) => {
      ctx.fillStyle = m.fill;
      ctx.fillRect(Math.round(x(m.at)), 14, 2, 10);
      ctx.fillText(m.text, places[i]!, 22);
    });
  });

  const onWheel = (event: WheelEvent) => {
    if (!barsWidth) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const at = view.from + ((event.clientX - rect.left - NAME_WIDTH) / barsWidth) * (view.to - view.from);
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      onView(zoomView(view, event.deltaY > 0 ? 1.25 : 0.8, Math.max(view.from, at), layout.duration));
    } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      event.preventDefault();
      const delta = (event.shiftKey ? event.deltaY : event.deltaX) / barsWidth;
      onView(panView(view, delta * (view.to - view.from), layout.duration));
    }
  };

  const drag = useRef<{ x: number; view: TimeWindow; moved: boolean } | undefined>(undefined);
  const rowAt = (event: MouseEvent) => {
    const rect = bars.current!.getBoundingClientRect();
    return shown[Math.floor((event.clientY - rect.top + scrollTop) / ROW_HEIGHT)];
  };

  return (
    <div class="cw">
      <div class="cw-axis">
        <span class="muted">
          {formatDuration(view.from)} – {formatDuration(view.to)} of {formatDuration(layout.duration)}
        </span>
        <canvas ref={axis} style={{ width: `${barsWidth}px`, height: '24px' }} aria-hidden="true" />
      </div>
      <div
        class="cw-body"
        ref={body}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}
        onWheel={onWheel}
        role="tree"
        aria-label="Trace waterfall"
        data-testid="waterfall"
        data-total={shown.length}
      >
        <div class="cw-sticky" style={{ height: `${size.height}px` }}>
          <div class="cw-names" style={{ width: `${NAME_WIDTH}px` }}>
            {inView.map((row, i) => {
              const r = layout.rows[row]!;
              const hasKids = r.descendants > 0;
              return (
                <div
                  key={row}
                  role="treeitem"
                  aria-level={r.depth + 1}
                  aria-selected={row === selected}
                  aria-expanded={hasKids ? !collapsed.has(row) : undefined}
                  class={`cw-name${row === selected ? ' is-selected' : ''}${matches?.has(row) ? ' is-match' : ''}${r.span.status.code === 2 ? ' is-error' : ''}`}
                  style={{ top: `${i * ROW_HEIGHT - (scrollTop % ROW_HEIGHT)}px`, paddingLeft: `${4 + Math.min(r.depth, 30) * 12}px` }}
                  onClick={() => onSelect(row)}
                  data-testid="waterfall-row"
                  title={`${r.span.name} ${spanDetail(r.span)}`}
                >
                  {hasKids ? (
                    <button
                      type="button"
                      class="cw-toggle"
                      tabIndex={-1}
                      aria-label={collapsed.has(row) ? 'Expand' : 'Collapse'}
                      onClick={(e) => {
                        e.stopPropagation();
                        onToggle(row);
                      }}
                    >
                      {collapsed.has(row) ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span class="cw-toggle" />
                  )}
                  {r.span.name} <small>{spanDetail(r.span)}</small>
                </div>
              );
            })}
          </div>
          <canvas
            ref={bars}
            class="cw-bars"
            style={{ width: `${barsWidth}px`, height: `${size.height}px` }}
            aria-hidden="true"
            onMouseDown={(e) => (drag.current = { x: e.clientX, view, moved: false })}
            onMouseMove={(e) => {
              const d = drag.current;
              if (!d || !(e.buttons & 1)) return;
              if (Math.abs(e.clientX - d.x) > 3) d.moved = true;
              onView(panView(d.view, ((d.x - e.clientX) / barsWidth) * (d.view.to - d.view.from), layout.duration));
            }}
            onMouseUp={(e) => {
              const d = drag.current;
              drag.current = undefined;
              const row = rowAt(e);
              if (!d?.moved && row !== undefined) onSelect(row);
            }}
          />
        </div>
        <div style={{ height: `${Math.max(0, shown.length * ROW_HEIGHT - size.height)}px` }} />
      </div>
    </div>
  );
}
