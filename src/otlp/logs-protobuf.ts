/**
 * An OTLP ExportLogsServiceRequest in protobuf, written straight from events in one pass: the
 * bytes @opentelemetry/otlp-transformer's ProtobufLogsSerializer writes for the same records
 * (test/otlp-logs.test.ts compares them), but for a measurement's number, which stays a double
 * when it is whole (doubles.ts).
 *
 * Field numbers: opentelemetry-proto, logs/v1/logs.proto (the writer: protobuf-writer.ts).
 */
import type { LogEvent } from './events';
import { encodeRequest, writeAttributes, writeFixed32Field, writeHexField, writeStringField, writeTimeField, writeVarintField } from './protobuf-writer';
import { LEN, tag } from './protobuf-wire';
import type { ResourceGroup } from './resource';

/** The request for `groups`, one ResourceLogs each, in order. */
export function encodeLogsRequest(groups: readonly ResourceGroup<LogEvent>[]): Uint8Array {
  return encodeRequest(groups, writeLogRecord);
}

/** One LogRecord's fields, in field order (its envelope's tag and length are encodeRequest's). */
function writeLogRecord(event: LogEvent): void {
  writeTimeField(tag(1, 1), event.time);
  if (event.severityNumber) writeVarintField(tag(2, 0), event.severityNumber);
  if (event.severityText) writeStringField(tag(3, LEN), event.severityText);
  writeAttributes(event.attributes, 6);
  writeVarintField(tag(7, 0), 0); // dropped_attributes_count
  // The low byte: W3C trace flags (LOG_RECORD_FLAGS_TRACE_FLAGS_MASK).
  if (event.flags) writeFixed32Field(tag(8, 5), event.flags & 0xff);
  if (event.traceId) writeHexField(tag(9, LEN), event.traceId);
  if (event.spanId) writeHexField(tag(10, LEN), event.spanId);
  writeTimeField(tag(11, 1), event.observedTime);
  if (event.eventName) writeStringField(tag(12, LEN), event.eventName);
}
