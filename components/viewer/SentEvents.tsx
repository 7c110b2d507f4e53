/**
 * The events a span is sent as (OTLP log records, src/otlp/events.ts): each one's name, time from
 * the trace's start and attributes, as text. Resource timing, sent only when that setting is on,
 * is not shown.
 */
import { useMemo } from 'preact/hooks';
import { spansToEvents } from '../../src/otlp/events';
import { hrTimeToMs, type SpanRecord } from '../../src/protocol/span';
import { offsetLabel } from '../../src/viewer/event-summary';
import { AttributeTable } from './AttributeTable';

export function SentEvents({ span, t0 }: { span: SpanRecord; t0: number }) {
  const events = useMemo(() => spansToEvents([span]), [span]);
  if (!events.length) return null;
  return (
    <section data-testid="sent-events">
      <h3>Sent as events (logs)</h3>
      {events.map((event, i) => (
        <div key={i} class="sent-event" data-testid="sent-event">
          <p class="wrap">
            <code>{offsetLabel(hrTimeToMs(event.time) - t0)}</code> {event.eventName}
          </p>
          <AttributeTable attributes={event.attributes} />
        </div>
      ))}
    </section>
  );
}
