/**
 * A time chart's axis: the window's range in words, then ticks and the page's FCP, LCP,
 * DOMContentLoaded and load marks on a canvas. Dragging along it selects a range to zoom to.
 */
import { useEffect, useRef } from 'preact/hooks';
import { placeMarkLabels } from '../../src/viewer/mark-labels';
import type { TimeWindow } from '../../src/viewer/time-window';
import type { TraceMarks } from '../../src/viewer/trace';
import { formatDuration } from '../format';
import { prepareCanvas } from './canvas';
import type { TimeDrag } from './time-drag';

const HEIGHT = 24;

function tickStep(range: number, pixels: number): number {
  const rough = (range / Math.max(1, pixels)) * 90;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
}

export interface TimeAxisProps {
  view: TimeWindow;
  duration: number;
  marks: TraceMarks;
  /** The range label's column, and the ticks' width. */
  labelWidth: number;
  width: number;
  drag: TimeDrag;
}

/** A dragged range's shade over a chart, `left` px in. */
export function RangeShade({ range, left = 0 }: { range: TimeDrag['range']; left?: number }) {
  if (!range) return null;
  return <div class="cw-range" data-testid="range-shade" style={{ left: `${left + range.from}px`, width: `${range.to - range.from}px` }} aria-hidden="true" />;
}

export function TimeAxis({ view, duration, marks, labelWidth, width, drag }: TimeAxisProps) {
  const axis = useRef<HTMLCanvasElement>(null);
  const x = (ms: number) => ((ms - view.from) / (view.to - view.from || 1)) * width;

  useEffect(() => {
    const canvas = axis.current;
    if (!canvas || !width) return;
    const ctx = prepareCanvas(canvas, width, HEIGHT);
    if (!ctx) return;
    const styles = getComputedStyle(canvas);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = styles.getPropertyValue('--muted') || '#6b7280';
    ctx.strokeStyle = styles.getPropertyValue('--line') || '#e5e7eb';
    const step = tickStep(view.to - view.from, width);
    for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
      const px = Math.round(x(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, 16);
      ctx.lineTo(px, HEIGHT);
      ctx.stroke();
      ctx.fillText(formatDuration(t), Math.min(px + 2, width - 40), 12);
    }
    const shown = [
      { at: marks.fcp, text: 'FCP', fill: '#16a34a' },
      { at: marks.lcp, text: 'LCP', fill: '#d97706' },
      { at: marks.dcl, text: 'DCL', fill: styles.getPropertyValue('--mark-dcl') || '#2563eb' },
      { at: marks.load, text: 'Load', fill: styles.getPropertyValue('--mark-load') || '#db2777' },
    ].filter((m): m is { at: number; text: string; fill: string } => m.at !== undefined && m.at >= view.from && m.at <= view.to);
    const places = placeMarkLabels(
      shown.map((m) => ({ at: x(m.at), width: ctx.measureText(m.text).width })),
      width,
    );
    shown.forEach((m, i) => {
      ctx.fillStyle = m.fill;
      ctx.fillRect(Math.round(x(m.at)), 14, 2, 10);
      ctx.fillText(m.text, places[i]!, 22);
    });
  });

  return (
    <div class="cw-axis" style={{ gridTemplateColumns: `${labelWidth}px 1fr` }}>
      <span class="muted">
        {formatDuration(view.from)} – {formatDuration(view.to)} of {formatDuration(duration)}
      </span>
      <div class="cw-axis-track">
        <canvas ref={axis} style={{ width: `${width}px`, height: `${HEIGHT}px` }} aria-hidden="true" data-testid="time-axis" title="Drag to zoom to a range" {...drag.axis} />
        <RangeShade range={drag.range} />
      </div>
    </div>
  );
}
