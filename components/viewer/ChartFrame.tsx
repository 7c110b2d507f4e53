/**
 * A time chart's frame, the waterfall's and the flame chart's: the time axis over a body that
 * scrolls through the chart's rows (`virtual-rows.ts`) and takes the wheel (`time-drag.ts`), holding
 * a view that stays in place while it scrolls: the chart's gutter (the name or depth column), the
 * canvas it draws on, dragged along time, and the range being dragged. A spacer under that view
 * gives the scrollbar the rows' whole height.
 */
import type { ComponentChildren, HTMLAttributes } from 'preact';
import type { TimeWindow } from '../../src/viewer/time-window';
import type { TraceMarks } from '../../src/viewer/trace';
import { RangeShade, TimeAxis } from './TimeAxis';
import type { TimeDrag } from './time-drag';
import type { useVirtualRows } from './virtual-rows';

/** A tag's own attributes, its `data-*` ones included. */
type Attributes<T extends EventTarget> = HTMLAttributes<T> & { [data: `data-${string}`]: unknown };

export interface ChartFrameProps {
  view: TimeWindow;
  duration: number;
  marks: TraceMarks;
  /** The gutter's width, left of the canvas, and the canvas's. */
  gutter: number;
  width: number;
  drag: TimeDrag;
  /** The scrolling body's element, size, spacer and scroll handler. */
  rows: Pick<ReturnType<typeof useVirtualRows>, 'body' | 'size' | 'spacer' | 'onScroll'>;
  /** What the body is to assistive technology and tests (role, label, test id). */
  body: Attributes<HTMLDivElement>;
  /** The canvas's element and what it is to assistive technology and tests. */
  canvas: Attributes<HTMLCanvasElement>;
  /** The gutter, left of the canvas. */
  children: ComponentChildren;
  /** Over the chart, outside the body: the gutter's resize handle, when it has one. */
  handle?: ComponentChildren;
}

export function ChartFrame({ view, duration, marks, gutter, width, drag, rows, body, canvas, children, handle }: ChartFrameProps) {
  return (
    <div class="cw">
      <TimeAxis view={view} duration={duration} marks={marks} labelWidth={gutter} width={width} drag={drag} />
      <div class="cw-body" ref={rows.body} onScroll={rows.onScroll} onWheel={drag.onWheel} {...body}>
        <div class="cw-sticky" style={{ height: `${rows.size.height}px` }}>
          {children}
          <canvas class="cw-bars" style={{ width: `${width}px`, height: `${rows.size.height}px` }} {...canvas} {...drag.chart} />
          <RangeShade range={drag.range} left={gutter} />
        </div>
        <div style={{ height: `${rows.spacer}px` }} />
      </div>
      {handle}
    </div>
  );
}
