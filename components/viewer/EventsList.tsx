/**
 * The page view's events, as Spanlight sends them (OTLP log records), in time order: time from
 * the trace's start, name, a one-line summary, and a link to the span each came from. Text only.
 */
import { summarizeEvent, offsetLabel } from '../../src/viewer/event-summary';
import type { TraceEvent } from '../../src/viewer/trace-events';
import type { TraceLayout } from '../../src/viewer/trace';

export function EventsList({ layout, events, onSelect }: { layout: TraceLayout; events: readonly TraceEvent[]; onSelect(row: number): void }) {
  if (!events.length) return <p class="muted">No events in this page view.</p>;
  return (
    <>
      <table class="grid events-list" data-testid="events">
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Event</th>
            <th scope="col">Summary</th>
            <th scope="col">Span</th>
          </tr>
        </thead>
        <tbody>
          {events.map(({ event, row, time }, i) => (
            <tr key={i} data-testid="event-row">
              <td class="num">{offsetLabel(time - layout.t0)}</td>
              <td>{event.eventName}</td>
              <td class="wrap">{summarizeEvent(event.eventName, event.attributes)}</td>
              <td>
                <button type="button" class="link" onClick={() => onSelect(row)}>
                  {layout.rows[row]!.span.name}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Resource timing events, sent only when that setting is on, are not listed: the waterfall shows each resource.</p>
    </>
  );
}
