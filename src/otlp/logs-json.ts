/**
 * An OTLP ExportLogsServiceRequest in JSON (the OTLP/HTTP JSON mapping), valid for every value an
 * event can hold: what @opentelemetry/otlp-transformer's JsonLogsSerializer writes for ordinary
 * records (test/otlp-logs.test.ts compares them) but for the empty `body` it writes for a record
 * without one (its protobuf writes none, nor does this), with the values a strict collector
 * refuses written as it accepts them (see json-values.ts).
 */
import type { LogEvent } from './events';
import { encodeJsonGroups, keyValues, nanos, text } from './json-values';
import type { ResourceGroup } from './resource';

const LOGS_KEYS = { resource: 'resourceLogs', scope: 'scopeLogs', records: 'logRecords' };

/** The request for `groups`, one ResourceLogs each, in order, as UTF-8 JSON. */
export function encodeJsonLogsRequest(groups: readonly ResourceGroup<LogEvent>[]): Uint8Array {
  return encodeJsonGroups(groups, LOGS_KEYS, jsonLogRecord);
}

function jsonLogRecord(event: LogEvent) {
  return {
    timeUnixNano: nanos(event.time),
    observedTimeUnixNano: nanos(event.observedTime),
    severityNumber: event.severityNumber || undefined,
    severityText: event.severityText ? text(event.severityText) : undefined,
    eventName: event.eventName ? text(event.eventName) : undefined,
    attributes: keyValues(event.attributes),
    droppedAttributesCount: 0,
    flags: event.flags & 0xff || undefined,
    traceId: event.traceId || undefined,
    spanId: event.spanId || undefined,
  };
}
