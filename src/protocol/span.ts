/**
 * A finished span as the tracer produces it, the bridge sends it, the store keeps it and the
 * exporter reads it. JSON-safe (extension messaging in Chromium is JSON), with times as
 * OpenTelemetry HrTime pairs so they keep nanoseconds and sort as IndexedDB keys.
 */

/** [Unix seconds, nanoseconds]: the HrTime of @opentelemetry/api. */
export type HrTime = [number, number];

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** @opentelemetry/api SpanKind values (OTLP's are one higher). */
export const SpanKind = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
/** @opentelemetry/api SpanStatusCode values, the same as OTLP's. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface SpanEventRecord {
  name: string;
  time: HrTime;
  attributes?: Attributes;
}

/** The attribute of a link that says what it links: its values are LinkType's. */
export const LINK_TYPE = 'spanlight.link.type';
/** A frame's page view root to the top frame's page view; a request to the backend trace its response named. */
export const LinkType = { topPageView: 'top_page_view', serverTiming: 'server_timing' } as const;

/** A link to a span of another trace: the top page view of a frame, the backend trace of a request. */
export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  /** W3C trace flags of the linked span (1: sampled). */
  flags: number;
  attributes?: Attributes;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Absent for the page view's root span. */
  parentSpanId?: string;
  name: string;
  kind: number;
  start: HrTime;
  end: HrTime;
  status: { code: number; message?: string };
  attributes: Attributes;
  events: SpanEventRecord[];
  /** Absent when the span links to nothing. */
  links?: SpanLinkRecord[];
  /** The (redacted) URL of the document that produced the span; service.name is its host. */
  pageUrl: string;
  /**
   * The OTLP resource a span read from a file came under (service.name and the rest, as read).
   * Only the viewer's import sets it; live spans have none: their resource is derived from
   * pageUrl and the browser (src/otlp/resource.ts), never chosen by the page.
   */
  resource?: Attributes;
  /** The instrumentation scope a span read from a file came under; only the viewer's import sets it (live spans are Spanlight's). */
  scope?: ImportedScope;
  /** Attributes and events left out by the limits (OTLP dropped_attributes_count, ...). */
  droppedAttributes?: number;
  droppedEvents?: number;
  droppedLinks?: number;
}

/**
 * The attribute that carries a response's Server-Timing `traceparent` from the tracer core to the
 * background, which makes it a link to the backend's trace (the core's tables have no links).
 */
/** An instrumentation scope as a file names it: written back as it was read. */
export interface ImportedScope {
  name: string;
  version?: string;
  schemaUrl?: string;
}

export const BACKEND_TRACEPARENT = 'spanlight.backend.traceparent';

/** What a redacted value is replaced with: by the tracer core (secret URL parameters) and by the redaction rules. */
export const REDACTED = 'REDACTED';

/** Limits a span must respect to cross into the background. */
export const SPAN_LIMITS = {
  name: 256,
  string: 16384,
  attributes: 128,
  events: 64,
  links: 32,
  spansPerBatch: 2000,
} as const;

/** Duration in milliseconds (float). */
export function durationMs(span: Pick<SpanRecord, 'start' | 'end'>): number {
  return (span.end[0] - span.start[0]) * 1e3 + (span.end[1] - span.start[1]) / 1e6;
}

/** Unix milliseconds of an HrTime (float). */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1e3 + time[1] / 1e6;
}

/** Oldest start first. */
export const byStart = (a: SpanRecord, b: SpanRecord): number => a.start[0] - b.start[0] || a.start[1] - b.start[1];

/** Spans by trace id, traces and spans in the order given. */
export function byTrace(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const traces = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId);
    if (list) list.push(span);
    else traces.set(span.traceId, [span]);
  }
  return traces;
}

/** Spans grouped by trace, each trace's spans oldest first, the newest trace first. */
export function groupByTrace(spans: readonly SpanRecord[]): SpanRecord[][] {
  const groups = [...byTrace(spans).values()].map((list) => list.sort(byStart));
  return groups.sort((a, b) => byStart(b[0]!, a[0]!));
}
