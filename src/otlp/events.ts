/**
 * The OpenTelemetry browser events of stored spans, as OTLP log records: what the Browser SIG's
 * instrumentations (@opentelemetry/browser-instrumentation 0.7) emit, derived from what Spanlight
 * records as spans. Spans stay the source of truth; an event is a function of one span alone, so
 * the same spans always give the same events, in the same order, whatever batch they come in (a
 * re-export sends identical records), and a span that lacks what an event needs gives none rather
 * than a wrong one. the README's "Events (OTLP logs)" is the table, attribute by attribute, with the source of each.
 *
 * Names: `browser.web_vital` and `exception` from the semantic conventions (v1.44, model/browser,
 * model/exceptions; the browser ones Development); `browser.navigation`,
 * `browser.navigation_timing`, `browser.resource_timing` and `browser.user_action.click` from the
 * SIG's instrumentations, which semconv has not defined yet (their proposals were closed).
 */
import type { Attributes, HrTime, SpanRecord } from '../protocol/span';
import { vitalName } from '../vital';
import { DOCUMENT_URL } from './document-url';
import { click, exception, hardNavigation, softNavigation, webVital } from './browser-events';
import { Severity, type Derived } from './derived';
import { navigationTiming, resourceTiming } from './timing-events';
import { sessionEvents } from './session-events';

export { Severity } from './derived';

/** An event as an OTLP LogRecord, linked to the span it came from. JSON-safe, like SpanRecord. */
export interface LogEvent {
  /** time_unix_nano: when what it tells happened. */
  time: HrTime;
  /** observed_time_unix_nano: the same, as for events an SDK emits (never the export's clock: a re-export is identical). */
  observedTime: HrTime;
  /** OTLP SeverityNumber: INFO (9), or ERROR (17) for an exception. */
  severityNumber: number;
  /** No convention sets one: absent. */
  severityText?: string;
  eventName: string;
  attributes: Attributes;
  /** The span's trace and span ids (lowercase hex) and W3C trace flags. */
  traceId: string;
  spanId: string;
  flags: number;
  /** The (redacted) URL of the document, the key of the resource (its host), as SpanRecord's. */
  pageUrl: string;
}

/** Which events to derive besides those always derived. */
export interface EventOptions {
  /** `browser.resource_timing`, one per resource the page loaded: off by default (volume). */
  resourceTiming?: boolean;
}

// Our spans are all sampled: the ones sampling left out never reach the store.
const SAMPLED = 1;

/** The events of `spans`, in span order, each span's in a fixed order. */
export function spansToEvents(spans: readonly SpanRecord[], options: EventOptions = {}): LogEvent[] {
  const events: LogEvent[] = [];
  for (const span of spans) {
    for (const derived of sessionEvents(span)) events.push(linked(span, derived));
    for (const derived of derive(span, options)) if (derived) events.push(linked(span, derived));
  }
  return events;
}

/** The events one span gives (undefined where it lacks what an event needs). */
function derive(span: SpanRecord, options: EventOptions): (Derived | undefined)[] {
  const a = span.attributes;
  if (span.name === 'documentLoad' && !span.parentSpanId) return [hardNavigation(span), navigationTiming(span)];
  if (typeof a['spanlight.route.trigger'] === 'string' && !span.parentSpanId) return [softNavigation(span)];
  if (vitalName(a) !== undefined) return [webVital(span)];
  if (a['ui.event.type'] === 'click') return [click(span)];
  if (span.name === 'exception') return [exception(span)];
  if (options.resourceTiming && span.name === 'resourceFetch') return [resourceTiming(span)];
  return [];
}

/** `derived` as the log record of `span`: its ids, and the attributes every event carries. */
function linked(span: SpanRecord, { eventName, time, attributes, severityNumber = Severity.INFO }: Derived): LogEvent {
  const all: Attributes = { ...attributes };
  // The page the span belongs to (semantic-conventions#3633): already redacted in storage.
  if (span.pageUrl) all[DOCUMENT_URL] = span.pageUrl;
  // The span's session, unless the event names another (session.end names the one that ended).
  const session = span.attributes['session.id'];
  if (typeof session === 'string' && all['session.id'] === undefined) all['session.id'] = session;
  return { time: [time[0], time[1]], observedTime: [time[0], time[1]], severityNumber, eventName, attributes: all, traceId: span.traceId, spanId: span.spanId, flags: SAMPLED, pageUrl: span.pageUrl };
}
