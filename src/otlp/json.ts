/**
 * An OTLP ExportTraceServiceRequest in JSON (the OTLP/HTTP JSON mapping), built from stored spans,
 * valid for every value a span can hold. For ordinary spans it writes what
 * @opentelemetry/otlp-transformer's JsonTraceSerializer writes (test/encode.test.ts compares them);
 * the library writes some values a strict collector refuses, and one such span would keep the
 * whole request, other sites' spans with it, from being delivered:
 * - a lone surrogate (JSON.stringify writes `"\udc00"`, which is not UTF-8 text): every string is
 *   made well-formed, a lone surrogate becoming U+FFFD, as the protobuf writer's UTF-8 does;
 * - an integer outside int64 (`1e21` as `intValue`) and NaN or ±Infinity (written `null`): an
 *   int64 is written as its decimal string, a larger integer as a double, and the non-finite ones
 *   as the protobuf JSON mapping's "NaN", "Infinity" and "-Infinity".
 */
import type { Attributes, AttributeValue, HrTime, SpanRecord } from '../protocol/span';
import type { SpanGroup } from './protobuf';
import type { ResourceAttributes } from './resource';

/** W3C sampled, and "is_remote is known": our spans are local. */
const SPAN_FLAGS = 0x101;
const HAS_IS_REMOTE = 0x100;
const MAX_INT64 = 2 ** 63;

type AnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number | string } | { arrayValue: { values: AnyValue[] } };

/** The request for `groups`, one ResourceSpans each, in order, as UTF-8 JSON. */
export function encodeJsonRequest(groups: readonly SpanGroup[]): Uint8Array {
  const resourceSpans = groups.map((group) => ({
    resource: { attributes: keyValues(group.resource), droppedAttributesCount: 0 },
    scopeSpans: group.spans.length ? [{ scope: { name: text(group.scope.name), version: text(group.scope.version) }, spans: group.spans.map(jsonSpan) }] : [],
  }));
  return new TextEncoder().encode(JSON.stringify({ resourceSpans }));
}

function jsonSpan(span: SpanRecord) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId || undefined,
    name: text(span.name),
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.start),
    endTimeUnixNano: nanos(span.end),
    attributes: keyValues(span.attributes),
    droppedAttributesCount: span.droppedAttributes ?? 0,
    events: span.events.map((event) => ({
      attributes: keyValues(event.attributes ?? {}),
      name: text(event.name),
      timeUnixNano: nanos(event.time),
      droppedAttributesCount: 0,
    })),
    droppedEventsCount: span.droppedEvents ?? 0,
    status: { code: span.status.code, message: span.status.message === undefined ? undefined : text(span.status.message) },
    links: (span.links ?? []).map((link) => ({
      attributes: keyValues(link.attributes ?? {}),
      spanId: link.spanId,
      traceId: link.traceId,
      droppedAttributesCount: 0,
      flags: (link.flags & 0xff) | HAS_IS_REMOTE,
    })),
    droppedLinksCount: span.droppedLinks ?? 0,
    flags: SPAN_FLAGS,
  };
}

function keyValues(attributes: Attributes | ResourceAttributes): { key: string; value: AnyValue }[] {
  return Object.keys(attributes).map((key) => ({ key: text(key), value: anyValue(attributes[key]!) }));
}

function anyValue(value: AttributeValue | string[]): AnyValue {
  if (typeof value === 'string') return { stringValue: text(value) };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) return { intValue: BigInt(value).toString() };
  return { doubleValue: Number.isFinite(value) ? value : String(value) };
}

/** `value` as well-formed UTF-16, a lone surrogate replaced by U+FFFD. */
function text(value: string): string {
  return value.isWellFormed() ? value : value.toWellFormed();
}

/** An HrTime as decimal Unix nanoseconds (past 2⁵³, so in BigInt). */
function nanos([seconds, nanoseconds]: HrTime): string {
  return (BigInt(Math.trunc(seconds)) * 1_000_000_000n + BigInt(Math.trunc(nanoseconds))).toString();
}
