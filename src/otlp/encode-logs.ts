/**
 * Encodes events (events.ts) as an OTLP ExportLogsServiceRequest, protobuf by logs-protobuf.ts
 * and JSON by logs-json.ts, grouped as the spans are: one resource per page host, the same
 * resource attributes, Spanlight's scope, so a backend finds a page's events and spans under one
 * service.
 */
import type { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ExportProtocol } from '../settings';
import { partsOf, type EncodedPart } from './encode';
import type { LogEvent } from './events';
import { encodeJsonLogsRequest } from './logs-json';
import { encodeLogsRequest } from './logs-protobuf';
import { groupByResource, type BrowserInfo, type ResourceAttributes } from './resource';

type ReadableLogs = Parameters<typeof JsonLogsSerializer.serializeRequest>[0];

/** The request body for `events`. */
export function encodeLogs(events: readonly LogEvent[], protocol: ExportProtocol, browserInfo: BrowserInfo): Uint8Array {
  const groups = groupByResource(events, browserInfo);
  return protocol === 'http/protobuf' ? encodeLogsRequest(groups) : encodeJsonLogsRequest(groups);
}

/** `events` as requests of at most `maxEvents` events and `maxBytes` bytes each (one event alone goes whatever its size). */
export function encodeLogParts(events: readonly LogEvent[], protocol: ExportProtocol, browserInfo: BrowserInfo, maxEvents: number, maxBytes: number): EncodedPart[] {
  return partsOf(events, (part) => encodeLogs(part, protocol, browserInfo), maxEvents, maxBytes);
}

/**
 * `events` as the SDK log records otlp-transformer's serializers take, for comparing our encoders
 * with the library's (tests). They read only the fields below (logs/internal and
 * logs/protobuf/logs-serializer in 0.301), and group by the resource and scope objects.
 */
export function toReadableLogs(events: readonly LogEvent[], browserInfo: BrowserInfo): ReadableLogs {
  const readable = groupByResource(events, browserInfo).flatMap(({ resource: attributes, scope, records }) => {
    const resource: { attributes: ResourceAttributes; schemaUrl: string } = { attributes, schemaUrl: scope.schemaUrl };
    return records.map((event) => ({
      hrTime: event.time,
      hrTimeObserved: event.observedTime,
      severityNumber: event.severityNumber,
      severityText: event.severityText,
      eventName: event.eventName,
      attributes: event.attributes,
      droppedAttributesCount: 0,
      spanContext: { traceId: event.traceId, spanId: event.spanId, traceFlags: event.flags },
      resource,
      instrumentationScope: scope,
    }));
  });
  return readable as unknown as ReadableLogs;
}
