/**
 * The span-event bridge (OpenTelemetry spec PR #5006): the events derived from a span
 * (events.ts) also attached to it as span events, for backends that take no logs (Jaeger, Tempo).
 * Done as the spans are encoded, so the store keeps each span as captured and the logs signal
 * and the bridge always agree. A span keeps all its own events: past the event limit, the bridged
 * ones are left out and counted in its dropped events.
 */
import { SPAN_LIMITS, type SpanRecord } from '../protocol/span';
import { spansToEvents } from './events';

/** `spans`, each with its events as span events after its own (the same objects where it has none). */
export function withSpanEvents(spans: readonly SpanRecord[], options: { resourceTimingEvents?: boolean } = {}): SpanRecord[] {
  return spans.map((span) => {
    const events = spansToEvents([span], { resourceTiming: options.resourceTimingEvents });
    if (!events.length) return span;
    const room = SPAN_LIMITS.events - span.events.length;
    const added = events.slice(0, Math.max(0, room)).map((event) => ({ name: event.eventName, time: event.time, attributes: event.attributes }));
    const dropped = events.length - added.length;
    return {
      ...span,
      events: [...span.events, ...added],
      ...(dropped ? { droppedEvents: (span.droppedEvents ?? 0) + dropped } : {}),
    };
  });
}
