/**
 * A finished span as the tracer produces it, the bridge sends it, the store keeps it and the
 * exporter reads it. JSON-safe (extension messaging in Chromium is JSON), with times as
 * OpenTelemetry HrTime pairs so they keep nanoseconds and sort as IndexedDB keys.
 */
import { asArray, asHexId, asInteger, asRecord, asString } from './check';

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
  /** The (redacted) URL of the document that produced the span; service.name is its host. */
  pageUrl: string;
}

/** Limits a span must respect to cross into the background. */
export const SPAN_LIMITS = {
  name: 256,
  string: 16384,
  attributes: 128,
  events: 64,
  spansPerBatch: 2000,
} as const;

function asHrTime(value: unknown): HrTime | undefined {
  const pair = asArray(value, 2);
  if (!pair || pair.length !== 2) return undefined;
  const s = asInteger(pair[0], 0, 2 ** 32);
  const ns = asInteger(pair[1], 0, 999_999_999);
  return s === undefined || ns === undefined ? undefined : [s, ns];
}

function asAttributes(value: unknown): Attributes | undefined {
  const o = asRecord(value);
  if (!o) return undefined;
  const entries = Object.entries(o);
  if (entries.length > SPAN_LIMITS.attributes) return undefined;
  const out: Attributes = {};
  for (const [key, v] of entries) {
    if (key.length > SPAN_LIMITS.name) return undefined;
    if (typeof v === 'string' && v.length > SPAN_LIMITS.string) return undefined;
    if (typeof v === 'number' && !Number.isFinite(v)) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
    out[key] = v;
  }
  return out;
}

function asSpanEvent(value: unknown): SpanEventRecord | undefined {
  const o = asRecord(value);
  const name = asString(o?.name, SPAN_LIMITS.name);
  const time = asHrTime(o?.time);
  const attributes = o?.attributes === undefined ? {} : asAttributes(o.attributes);
  if (!o || !name || !time || !attributes) return undefined;
  return Object.keys(attributes).length ? { name, time, attributes } : { name, time };
}

const compare = (a: HrTime, b: HrTime) => a[0] - b[0] || a[1] - b[1];

/** A span rebuilt field by field from a message, or undefined when anything is off. */
export function parseSpanRecord(value: unknown): SpanRecord | undefined {
  const o = asRecord(value);
  if (!o) return undefined;
  const traceId = asHexId(o.traceId, 32);
  const spanId = asHexId(o.spanId, 16);
  const parentSpanId = o.parentSpanId === undefined ? undefined : asHexId(o.parentSpanId, 16);
  const name = asString(o.name, SPAN_LIMITS.name);
  const kind = asInteger(o.kind, 0, 4);
  const start = asHrTime(o.start);
  const end = asHrTime(o.end);
  const status = asRecord(o.status);
  const code = asInteger(status?.code, 0, 2);
  const message = status?.message === undefined ? undefined : asString(status.message, SPAN_LIMITS.string);
  const attributes = asAttributes(o.attributes);
  const rawEvents = asArray(o.events, SPAN_LIMITS.events);
  const events = rawEvents?.map(asSpanEvent);
  const pageUrl = asString(o.pageUrl, SPAN_LIMITS.string);
  if (!traceId || !spanId || !name || kind === undefined || !start || !end || code === undefined) return undefined;
  if (o.parentSpanId !== undefined && !parentSpanId) return undefined;
  if (status?.message !== undefined && message === undefined) return undefined;
  if (!attributes || !events || events.some((e) => !e) || pageUrl === undefined) return undefined;
  if (compare(start, end) > 0) return undefined;
  const span: SpanRecord = {
    traceId,
    spanId,
    name,
    kind,
    start,
    end,
    status: message === undefined ? { code } : { code, message },
    attributes,
    events: events as SpanEventRecord[],
    pageUrl,
  };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  return span;
}

/** Duration in milliseconds (float). */
export function durationMs(span: Pick<SpanRecord, 'start' | 'end'>): number {
  return (span.end[0] - span.start[0]) * 1e3 + (span.end[1] - span.start[1]) / 1e6;
}

/** Unix milliseconds of an HrTime (float). */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1e3 + time[1] / 1e6;
}

