/**
 * An OTLP ExportLogsServiceRequest in protobuf, written straight from events in one pass: the
 * bytes @opentelemetry/otlp-transformer's ProtobufLogsSerializer writes for the same records
 * (test/otlp-logs.test.ts compares them), but for a measurement's number, which stays a double
 * when it is whole (doubles.ts).
 *
 * Field numbers: opentelemetry-proto, logs/v1/logs.proto (the writer: protobuf-writer.ts).
 */
import type { LogEvent } from './events';
import { encodeRequest, LEN, tag, writeAttributes, writeFixed32, writeHex, writeString, writeTag, writeTime, writeVarint } from './protobuf-writer';
import type { ResourceGroup } from './resource';

/** The request for `groups`, one ResourceLogs each, in order. */
export function encodeLogsRequest(groups: readonly ResourceGroup<LogEvent>[]): Uint8Array {
  return encodeRequest(groups, writeLogRecord);
}

/** One LogRecord's fields, in field order (its envelope's tag and length are encodeRequest's). */
function writeLogRecord(event: LogEvent): void {
  writeTag(tag(1, 1));
  writeTime(event.time);
  if (event.severityNumber) {
    writeTag(tag(2, 0));
    writeVarint(event.severityNumber);
  }
  if (event.severityText) {
    writeTag(tag(3, LEN));
    writeString(event.severityText);
  }
  writeAttributes(event.attributes, 6);
  writeTag(tag(7, 0)); // dropped_attributes_count
  writeVarint(0);
  if (event.flags) {
    writeTag(tag(8, 5));
    writeFixed32(event.flags & 0xff); // the low byte: W3C trace flags (LOG_RECORD_FLAGS_TRACE_FLAGS_MASK)
  }
  if (event.traceId) {
    writeTag(tag(9, LEN));
    writeHex(event.traceId);
  }
  if (event.spanId) {
    writeTag(tag(10, LEN));
    writeHex(event.spanId);
  }
  writeTag(tag(11, 1));
  writeTime(event.observedTime);
  if (event.eventName) {
    writeTag(tag(12, LEN));
    writeString(event.eventName);
  }
}
