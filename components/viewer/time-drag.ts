/**
 * The pointer on a time chart (the waterfall's bars, the flame chart, their axis): a plain drag
 * pans, Shift+drag (or any drag on the axis) selects a range and zooms to it on release, a click
 * without a drag is the chart's own (select a span); Ctrl+wheel zooms around the pointer,
 * Shift+wheel or a sideways wheel pans. The range being dragged is returned for the chart to show.
 */
import { useRef, useState } from 'preact/hooks';
import { CLICK_SLOP } from '../../src/viewer/overview';
import { panView, rangeView, zoomView, type TimeWindow } from '../../src/viewer/time-window';

export interface TimeDragOptions {
  view: TimeWindow;
  duration: number;
  /** The chart's width in pixels. */
  width: number;
  /** Pixels left of the chart inside the element that takes the wheel (the name column). */
  wheelOffset?: number;
  onView(view: TimeWindow): void;
  /** A press and release without a drag on the chart. */
  onClick?(event: MouseEvent): void;
}

type Handlers = {
  onMouseDown(event: MouseEvent): void;
  onMouseMove(event: MouseEvent): void;
  onMouseUp(event: MouseEvent): void;
  onMouseLeave(): void;
};

export interface TimeDrag {
  /** The range being selected, in the chart's pixels, while one is dragged. */
  range: { from: number; to: number } | undefined;
  chart: Handlers;
  axis: Handlers;
  onWheel(event: WheelEvent): void;
}

const offsetX = (event: MouseEvent) => event.clientX - (event.currentTarget as HTMLElement).getBoundingClientRect().left;

export function useTimeDrag({ view, duration, width, wheelOffset = 0, onView, onClick }: TimeDragOptions): TimeDrag {
  const drag = useRef<{ x: number; view: TimeWindow; moved: boolean; range: boolean } | undefined>(undefined);
  const [range, setRange] = useState<{ from: number; to: number }>();
  const time = (x: number, within = view) => within.from + (x / (width || 1)) * (within.to - within.from);

  const handlers = (axis: boolean): Handlers => ({
    onMouseDown(event) {
      if (event.button) return;
      drag.current = { x: offsetX(event), view, moved: false, range: axis || event.shiftKey };
    },
    onMouseMove(event) {
      const d = drag.current;
      if (!d || !(event.buttons & 1)) return;
      const x = offsetX(event);
      if (Math.abs(x - d.x) >= CLICK_SLOP) d.moved = true;
      if (d.range) {
        if (d.moved) setRange({ from: Math.max(0, Math.min(d.x, x)), to: Math.min(width, Math.max(d.x, x)) });
      } else onView(panView(d.view, ((d.x - x) / (width || 1)) * (d.view.to - d.view.from), duration));
    },
    onMouseUp(event) {
      const d = drag.current;
      drag.current = undefined;
      setRange(undefined);
      if (d?.range && d.moved) onView(rangeView(time(d.x, d.view), time(Math.min(width, Math.max(0, offsetX(event))), d.view), duration));
      else if (!d?.moved && !axis) onClick?.(event);
    },
    onMouseLeave() {
      drag.current = undefined;
      setRange(undefined);
    },
  });

  const onWheel = (event: WheelEvent) => {
    if (!width) return;
    const at = time(offsetX(event) - wheelOffset);
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      onView(zoomView(view, event.deltaY > 0 ? 1.25 : 0.8, Math.max(view.from, at), duration));
    } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      event.preventDefault();
      const delta = (event.shiftKey ? event.deltaY : event.deltaX) / width;
      onView(panView(view, delta * (view.to - view.from), duration));
    }
  };

  return { range, chart: handlers(false), axis: handlers(true), onWheel };
}
