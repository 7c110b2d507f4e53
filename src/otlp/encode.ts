/**
 * Encodes stored spans as an OTLP ExportTraceServiceRequest: protobuf (the default) by
 * protobuf.ts, which writes what @opentelemetry/otlp-transformer would, faster; JSON by json.ts,
 * which writes what the library would but for the values a strict collector refuses (lone
 * surrogates, integers past int64, NaN and Infinity). Both keep a measurement's number a double
 * (doubles.ts). Spans are grouped into one resource per page host (an imported span under its
 * own resource), in order of appearance.
 */
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ExportProtocol } from '../settings';
import type { SpanRecord } from '../protocol/span';
import { encodeJsonRequest } from './json';
import { DOCUMENT_URL, documentUrlOf } from './document-url';
import { encodeTraceRequest } from './protobuf';
import { groupByResource, type BrowserInfo, type ResourceAttributes } from './resource';

type ReadableSpans = Parameters<typeof JsonTraceSerializer.serializeRequest>[0];

const SAMPLED = 1;
const NO_LINKS: never[] = [];

/** The request body for `spans`. */
export function encodeSpans(spans: readonly SpanRecord[], protocol: ExportProtocol, browserInfo: BrowserInfo): Uint8Array {
  const groups = groupByResource(spans, browserInfo);
  return protocol === 'http/protobuf' ? encodeTraceRequest(groups) : encodeJsonRequest(groups);
}

/**
 * `spans` as the SDK span objects otlp-transformer's serializers take, for comparing our encoders
 * with the library's (tests, bench). They read only the fields below (see ARCHITECTURE.md).
 */
export function toReadableSpans(spans: readonly SpanRecord[], browserInfo: BrowserInfo): ReadableSpans {
  const readable = groupByResource(spans, browserInfo).flatMap(({ resource: attributes, scope, records: group }) => {
    const resource: { attributes: ResourceAttributes; schemaUrl: string } = { attributes, schemaUrl: scope.schemaUrl };
    return group.map((span) => ({
      name: span.name,
      kind: span.kind,
      spanContext: () => ({ traceId: span.traceId, spanId: span.spanId, traceFlags: SAMPLED }),
      parentSpanContext: span.parentSpanId
        ? { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: SAMPLED }
        : undefined,
      startTime: span.start,
      endTime: span.end,
      status: span.status,
      attributes: documentUrlOf(span) ? { ...span.attributes, [DOCUMENT_URL]: span.pageUrl } : span.attributes,
      links: span.links
        ? span.links.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: l.flags }, attributes: l.attributes }))
        : NO_LINKS,
      events: span.events.map((e) => ({ name: e.name, time: e.time, attributes: e.attributes ?? {} })),
      droppedAttributesCount: span.droppedAttributes ?? 0,
      droppedEventsCount: span.droppedEvents ?? 0,
      droppedLinksCount: span.droppedLinks ?? 0,
      resource,
      instrumentationScope: scope,
    }));
  });
  return readable as unknown as ReadableSpans;
}

/** Records [from, to) of a list, encoded. */
export interface EncodedPart {
  from: number;
  to: number;
  body: Uint8Array;
}

/**
 * `spans[from, to)` encoded as one request, or split in halves until each body is at most
 * `maxBytes` (a single span over the limit still goes alone: the collector decides).
 */
export function encodeWithin(
  spans: readonly SpanRecord[],
  protocol: ExportProtocol,
  browserInfo: BrowserInfo,
  maxBytes: number,
  from = 0,
  to = spans.length,
): EncodedPart[] {
  return splitWithin(spans, (part) => encodeSpans(part, protocol, browserInfo), maxBytes, from, to);
}

/** `spans` as requests of at most `maxSpans` spans and `maxBytes` bytes each (see encodeWithin). */
export function encodeParts(spans: readonly SpanRecord[], protocol: ExportProtocol, browserInfo: BrowserInfo, maxSpans: number, maxBytes: number): EncodedPart[] {
  return partsOf(spans, (part) => encodeSpans(part, protocol, browserInfo), maxSpans, maxBytes);
}

/** `records[from, to)` as one request `encode` writes, or halves of it until each is at most `maxBytes` (one record alone goes whatever its size). */
export function splitWithin<T>(records: readonly T[], encode: (part: readonly T[]) => Uint8Array, maxBytes: number, from = 0, to = records.length): EncodedPart[] {
  const body = encode(records.slice(from, to));
  if (body.length <= maxBytes || to - from < 2) return [{ from, to, body }];
  const half = (from + to) >> 1;
  return [...splitWithin(records, encode, maxBytes, from, half), ...splitWithin(records, encode, maxBytes, half, to)];
}

/** `records` as requests of at most `maxRecords` records and `maxBytes` bytes each (see splitWithin). */
export function partsOf<T>(records: readonly T[], encode: (part: readonly T[]) => Uint8Array, maxRecords: number, maxBytes: number): EncodedPart[] {
  const parts: EncodedPart[] = [];
  for (let from = 0; from < records.length; from += maxRecords) {
    parts.push(...splitWithin(records, encode, maxBytes, from, Math.min(records.length, from + maxRecords)));
  }
  return parts;
}
