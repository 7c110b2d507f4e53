/**
 * Encodes stored spans as an OTLP ExportTraceServiceRequest with @opentelemetry/otlp-transformer:
 * protobuf (the default) or JSON. Spans are grouped into one resource per page host.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ExportProtocol } from '../settings';
import type { SpanRecord } from '../protocol/span';
import { resourceAttributes, type BrowserInfo, type ResourceAttributes } from './resource';

type ReadableSpans = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0];

const SAMPLED = 1;
const NO_LINKS: never[] = [];

/** The request body for `spans`. */
export function encodeSpans(spans: readonly SpanRecord[], protocol: ExportProtocol, browserInfo: BrowserInfo): Uint8Array {
  const scope = { name: 'spanlight', version: browserInfo.sdkVersion };
  const resources = new Map<string, { attributes: ResourceAttributes }>();
  const readable = spans.map((span) => {
    let resource = resources.get(hostOf(span.pageUrl));
    if (!resource) {
      resource = { attributes: resourceAttributes(span.pageUrl, browserInfo) };
      resources.set(hostOf(span.pageUrl), resource);
    }
    return {
      name: span.name,
      kind: span.kind,
      spanContext: () => ({ traceId: span.traceId, spanId: span.spanId, traceFlags: SAMPLED }),
      parentSpanContext: span.parentSpanId
        ? { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: SAMPLED }
        : undefined,
      startTime: span.start,
      endTime: span.end,
      status: span.status,
      attributes: span.attributes,
      links: span.links
        ? span.links.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: l.flags }, attributes: l.attributes }))
        : NO_LINKS,
      events: span.events.map((e) => ({ name: e.name, time: e.time, attributes: e.attributes ?? {} })),
      droppedAttributesCount: span.droppedAttributes ?? 0,
      droppedEventsCount: span.droppedEvents ?? 0,
      droppedLinksCount: span.droppedLinks ?? 0,
      resource,
      instrumentationScope: scope,
    };
  });
  // The serializers read only the fields above (see ARCHITECTURE.md), not a full SDK span.
  const request = readable as unknown as ReadableSpans;
  const body =
    protocol === 'http/json'
      ? JsonTraceSerializer.serializeRequest(request)
      : ProtobufTraceSerializer.serializeRequest(request);
  if (!body) throw new Error('OTLP serializer returned nothing');
  return body;
}

/** Spans [from, to) of a list, encoded. */
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
  const body = encodeSpans(spans.slice(from, to), protocol, browserInfo);
  if (body.length <= maxBytes || to - from < 2) return [{ from, to, body }];
  const half = (from + to) >> 1;
  return [...encodeWithin(spans, protocol, browserInfo, maxBytes, from, half), ...encodeWithin(spans, protocol, browserInfo, maxBytes, half, to)];
}

/** `spans` as requests of at most `maxSpans` spans and `maxBytes` bytes each (see encodeWithin). */
export function encodeParts(spans: readonly SpanRecord[], protocol: ExportProtocol, browserInfo: BrowserInfo, maxSpans: number, maxBytes: number): EncodedPart[] {
  const parts: EncodedPart[] = [];
  for (let from = 0; from < spans.length; from += maxSpans) {
    parts.push(...encodeWithin(spans, protocol, browserInfo, maxBytes, from, Math.min(spans.length, from + maxSpans)));
  }
  return parts;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
