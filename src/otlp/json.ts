/**
 * An OTLP ExportTraceServiceRequest in JSON (the OTLP/HTTP JSON mapping), built from stored spans,
 * valid for every value a span can hold: what @opentelemetry/otlp-transformer's
 * JsonTraceSerializer writes for ordinary spans (test/encode.test.ts compares them), with the
 * values a strict collector refuses written as it accepts them (see json-values.ts).
 */
import type { SpanRecord } from '../protocol/span';
import { encodeJsonGroups, keyValues, nanos, text } from './json-values';
import { DOCUMENT_URL, documentUrlOf } from './document-url';
import type { ResourceGroup } from './resource';

/** W3C sampled, and "is_remote is known": our spans are local. */
const SPAN_FLAGS = 0x101;
const HAS_IS_REMOTE = 0x100;
const TRACE_KEYS = { resource: 'resourceSpans', scope: 'scopeSpans', records: 'spans' };

/** The request for `groups`, one ResourceSpans each, in order, as UTF-8 JSON. */
export function encodeJsonRequest(groups: readonly ResourceGroup<SpanRecord>[]): Uint8Array {
  return encodeJsonGroups(groups, TRACE_KEYS, jsonSpan);
}

function jsonSpan(span: SpanRecord) {
  const documentUrl = documentUrlOf(span);
  const attributes = keyValues(span.attributes);
  if (documentUrl) attributes.push({ key: DOCUMENT_URL, value: { stringValue: text(documentUrl) } });
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId || undefined,
    name: text(span.name),
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.start),
    endTimeUnixNano: nanos(span.end),
    attributes,
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
