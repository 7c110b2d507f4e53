/**
 * The events a page view's spans are sent as (src/otlp/events.ts), in time order, each with the
 * row of the span it came from: the viewer's Events tab. `browser.resource_timing` is left out:
 * it is sent only when that setting is on, one per resource, and the waterfall shows the
 * resources themselves.
 */
import { spansToEvents, type LogEvent } from '../otlp/events';
import { hrTimeToMs } from '../protocol/span';
import type { TraceLayout } from './trace';

export interface TraceEvent {
  event: LogEvent;
  /** The row of its span in the layout. */
  row: number;
  /** Unix ms. */
  time: number;
}

/** Every event of the layout's spans but resource timing, by time (ties in row order). */
export function traceEvents(layout: TraceLayout): TraceEvent[] {
  const out: TraceEvent[] = [];
  layout.rows.forEach(({ span }, row) => {
    for (const event of spansToEvents([span])) out.push({ event, row, time: hrTimeToMs(event.time) });
  });
  // Array.prototype.sort is stable: events of one time keep their rows' order.
  return out.sort((a, b) => a.time - b.time);
}
