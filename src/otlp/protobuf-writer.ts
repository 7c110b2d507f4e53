/**
 * The protobuf writer of the OTLP encoders, in one pass into one reused buffer: whole fields (a
 * tag and its value, protobuf-wire.ts's encodings), messages kept open for their length,
 * KeyValue attributes, and the envelope every OTLP export request shares (resources, each with
 * its scope and records). protobuf.ts writes spans with it, logs-protobuf.ts log records.
 *
 * Each write makes room for its whole field, then writes it with the position in a local
 * variable; an attribute's key is copied from its bytes encoded once (protobuf-keys.ts).
 *
 * Byte for byte what @opentelemetry/otlp-transformer's serializers write for the same values
 * (test/otlp-protobuf.test.ts, test/otlp-logs.test.ts), but for numbers under a key isDouble()
 * names, which stay doubles when their value is whole.
 *
 * Field numbers: opentelemetry-proto, common/v1/common.proto and resource/v1/resource.proto.
 */
import type { Attributes, AttributeValue, HrTime } from '../protocol/span';
import { encodedKey } from './protobuf-keys';
import { LEN, LENGTH_ROOM, putFixed32, putHex, putLength, putString, putTime, putVarint, stringRoom, tag } from './protobuf-wire';
import type { ResourceAttributes, ResourceGroup } from './resource';

const MAX_INT64 = 2 ** 63;

/** Bytes a tag and a number (a varint, fixed32 or fixed64) take at most. */
const NUMBER_ROOM = 15;

// One buffer, reused by every request (encoding is synchronous); it grows to the largest request
// written (the byte limit per request, 1 MB by default) and each request is copied out of it.
let buffer = new Uint8Array(1 << 16);
let view = new DataView(buffer.buffer);
let pos = 0;

/**
 * An export request of `groups` (ExportTraceServiceRequest, ExportLogsServiceRequest: their
 * envelopes have the same field numbers): field 1 repeats a resource's message, holding the
 * resource (1) and one scope's message (2), holding the scope (1) and the records (2), each
 * written by `writeRecord` inside its length.
 */
export function encodeRequest<T>(groups: readonly ResourceGroup<T>[], writeRecord: (record: T) => void): Uint8Array {
  pos = 0;
  for (const group of groups) {
    const resourceMessage = open(tag(1, LEN)); // resource_spans, resource_logs
    const resource = open(tag(1, LEN)); // .resource
    writeAttributes(group.resource, 1);
    writeVarintField(tag(2, 0), 0); // Resource.dropped_attributes_count
    close(resource);
    const scopeMessage = open(tag(2, LEN)); // .scope_spans, .scope_logs
    const scope = open(tag(1, LEN)); // .scope
    writeStringField(tag(1, LEN), group.scope.name);
    if (group.scope.version) writeStringField(tag(2, LEN), group.scope.version);
    close(scope);
    for (const record of group.records) {
      const at = open(tag(2, LEN)); // .spans, .log_records
      writeRecord(record);
      close(at);
    }
    writeStringField(tag(3, LEN), group.scope.schemaUrl); // ScopeSpans.schema_url, ScopeLogs.schema_url
    close(scopeMessage);
    writeStringField(tag(3, LEN), group.scope.schemaUrl); // ResourceSpans.schema_url, ResourceLogs.schema_url
    close(resourceMessage);
  }
  return buffer.slice(0, pos);
}

/** Repeated KeyValue `field`, in the object's key order. */
export function writeAttributes(attributes: Attributes | ResourceAttributes, field: number): void {
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    writeKeyValue(key, attributes[key]!, field);
  }
}

/** One KeyValue of repeated field `field`. */
export function writeKeyValue(key: string, value: AttributeValue | string[], field: number): void {
  const { bytes, double } = encodedKey(key);
  ensure(bytes.length + valueRoom(value) + 2 * (1 + LENGTH_ROOM) + 2);
  let p = putVarint(buffer, pos, tag(field, LEN));
  const kv = p++;
  buffer.set(bytes, p); // .key, and .value's tag
  p += bytes.length;
  const at = p++;
  p = putAnyValue(buffer, p, value, double);
  pos = putLength(buffer, kv, putLength(buffer, at, p));
}

/** writeKeyValue, and the bytes it wrote, for writeBytes to write them again. */
export function writeKeyValueCopy(key: string, value: AttributeValue, field: number): Uint8Array {
  const from = pos;
  writeKeyValue(key, value, field);
  return buffer.slice(from, pos);
}

/** Bytes written before (writeKeyValueCopy's), as they are. */
export function writeBytes(bytes: Uint8Array): void {
  ensure(bytes.length);
  buffer.set(bytes, pos);
  pos += bytes.length;
}

/** Bytes an AnyValue of `value` takes at most, but for its message's length. */
function valueRoom(value: AttributeValue | string[]): number {
  if (typeof value === 'string') return 1 + stringRoom(value);
  if (!Array.isArray(value)) return NUMBER_ROOM;
  let room = 2 + LENGTH_ROOM;
  for (const item of value) room += 2 + LENGTH_ROOM + valueRoom(item);
  return room;
}

/** An AnyValue; a number as an int64 if it is one, unless `double`. */
function putAnyValue(out: Uint8Array, p: number, value: AttributeValue | string[], double: boolean): number {
  if (typeof value === 'string') {
    out[p++] = tag(1, LEN);
    return putString(out, p, value);
  }
  if (typeof value === 'boolean') {
    out[p++] = tag(2, 0);
    out[p++] = value ? 1 : 0;
    return p;
  }
  if (typeof value === 'number') {
    if (!double && Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) {
      out[p++] = tag(3, 0);
      return putVarint(out, p, value);
    }
    out[p++] = tag(4, 1);
    view.setFloat64(p, value, true);
    return p + 8;
  }
  if (Array.isArray(value)) {
    out[p++] = tag(5, LEN); // ArrayValue
    const array = p++;
    for (const item of value) {
      out[p++] = tag(1, LEN);
      const any = p++;
      p = putLength(out, any, putAnyValue(out, p, item, false));
    }
    return putLength(out, array, p);
  }
  return p;
}

/** Makes room for `size` more bytes. */
function ensure(size: number): void {
  if (pos + size <= buffer.length) return;
  let length = buffer.length * 2;
  while (length < pos + size) length *= 2;
  const grown = new Uint8Array(length);
  grown.set(buffer.subarray(0, pos));
  buffer = grown;
  view = new DataView(buffer.buffer);
}

/** Starts a length-delimited field `tagValue` with one byte kept for its length; returns where. */
export function open(tagValue: number): number {
  ensure(NUMBER_ROOM);
  pos = putVarint(buffer, pos, tagValue);
  return pos++;
}

/** Writes the length of the message opened at `at`, moving it on when the length needs more bytes. */
export function close(at: number): void {
  ensure(LENGTH_ROOM);
  pos = putLength(buffer, at, pos);
}

export function writeVarintField(tagValue: number, value: number): void {
  ensure(NUMBER_ROOM);
  pos = putVarint(buffer, putVarint(buffer, pos, tagValue), value);
}

export function writeFixed32Field(tagValue: number, value: number): void {
  ensure(NUMBER_ROOM);
  pos = putFixed32(buffer, putVarint(buffer, pos, tagValue), value >>> 0);
}

/** A fixed64 field of an HrTime as Unix nanoseconds. */
export function writeTimeField(tagValue: number, time: HrTime): void {
  ensure(NUMBER_ROOM);
  pos = putTime(buffer, putVarint(buffer, pos, tagValue), time);
}

export function writeStringField(tagValue: number, text: string): void {
  ensure(5 + stringRoom(text));
  pos = putString(buffer, putVarint(buffer, pos, tagValue), text);
}

/** A bytes field of a hex id. */
export function writeHexField(tagValue: number, hex: string): void {
  ensure(5 + hex.length);
  pos = putHex(buffer, putVarint(buffer, pos, tagValue), hex);
}
