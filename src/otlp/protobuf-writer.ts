/**
 * The protobuf wire format as the OTLP encoders write it, in one pass into one reused buffer:
 * tags, varints, fixed-width numbers, UTF-8 strings, hex ids as bytes, HrTimes as Unix
 * nanoseconds, KeyValue attributes, and the envelope every OTLP export request shares (resources,
 * each with its scope and records). protobuf.ts writes spans with it, logs-protobuf.ts log records.
 *
 * Byte for byte what @opentelemetry/otlp-transformer's serializers write for the same values
 * (test/otlp-protobuf.test.ts, test/otlp-logs.test.ts), but for numbers under a key isDouble()
 * names, which stay doubles when their value is whole.
 *
 * Field numbers: opentelemetry-proto, common/v1/common.proto and resource/v1/resource.proto.
 */
import type { Attributes, AttributeValue, HrTime } from '../protocol/span';
import { isDouble } from './doubles';
import type { ResourceAttributes, ResourceGroup } from './resource';

const TWO_32 = 4294967296;
const MAX_INT64 = 2 ** 63;

// Wire-format tags: (field << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
export const LEN = 2;
export const tag = (field: number, wire: number) => (field << 3) | wire;

// One buffer, reused by every request (encoding is synchronous); it grows to the largest request
// written (the byte limit per request, 1 MB by default) and each request is copied out of it.
let buffer = new Uint8Array(1 << 16);
let view = new DataView(buffer.buffer);
let pos = 0;
const utf8 = new TextEncoder();

/**
 * An export request of `groups` (ExportTraceServiceRequest, ExportLogsServiceRequest: their
 * envelopes have the same field numbers): field 1 repeats a resource's message, holding the
 * resource (1) and one scope's message (2), holding the scope (1) and the records (2), each
 * written by `writeRecord` inside its length.
 */
export function encodeRequest<T>(groups: readonly ResourceGroup<T>[], writeRecord: (record: T) => void): Uint8Array {
  pos = 0;
  for (const group of groups) {
    writeTag(tag(1, LEN)); // resource_spans, resource_logs
    const resourceMessage = open();
    writeTag(tag(1, LEN)); // .resource
    const resource = open();
    writeAttributes(group.resource, 1);
    writeTag(tag(2, 0)); // Resource.dropped_attributes_count
    writeVarint(0);
    close(resource);
    writeTag(tag(2, LEN)); // .scope_spans, .scope_logs
    const scopeMessage = open();
    writeTag(tag(1, LEN)); // .scope
    const scope = open();
    writeTag(tag(1, LEN));
    writeString(group.scope.name);
    if (group.scope.version) {
      writeTag(tag(2, LEN));
      writeString(group.scope.version);
    }
    close(scope);
    for (const record of group.records) {
      writeTag(tag(2, LEN)); // .spans, .log_records
      const at = open();
      writeRecord(record);
      close(at);
    }
    writeTag(tag(3, LEN)); // ScopeSpans.schema_url, ScopeLogs.schema_url
    writeString(group.scope.schemaUrl);
    close(scopeMessage);
    writeTag(tag(3, LEN)); // ResourceSpans.schema_url, ResourceLogs.schema_url
    writeString(group.scope.schemaUrl);
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
  writeTag(tag(field, LEN));
  const kv = open();
  writeTag(tag(1, LEN));
  writeString(key);
  writeTag(tag(2, LEN));
  const at = open();
  writeAnyValue(value, typeof value === 'number' && isDouble(key));
  close(at);
  close(kv);
}

/** An AnyValue; a number as an int64 if it is one, unless `double`. */
function writeAnyValue(value: AttributeValue | string[], double = false): void {
  if (typeof value === 'string') {
    writeTag(tag(1, LEN));
    writeString(value);
  } else if (typeof value === 'boolean') {
    writeTag(tag(2, 0));
    writeVarint(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (!double && Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) {
      writeTag(tag(3, 0));
      writeVarint(value);
    } else {
      writeTag(tag(4, 1));
      ensure(8);
      view.setFloat64(pos, value, true);
      pos += 8;
    }
  } else if (Array.isArray(value)) {
    writeTag(tag(5, LEN)); // ArrayValue
    const array = open();
    for (const item of value) {
      writeTag(tag(1, LEN));
      const any = open();
      writeAnyValue(item);
      close(any);
    }
    close(array);
  }
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

/** Starts a length-delimited message with one byte kept for its length; returns where. */
export function open(): number {
  ensure(1);
  return pos++;
}

/** Writes the length of the message opened at `at`, moving it on when the length needs more bytes. */
export function close(at: number): void {
  const length = pos - at - 1;
  if (length < 0x80) {
    buffer[at] = length;
    return;
  }
  const size = length < 1 << 14 ? 2 : length < 1 << 21 ? 3 : length < 1 << 28 ? 4 : 5;
  ensure(size - 1);
  buffer.copyWithin(at + size, at + 1, pos);
  pos += size - 1;
  let v = length;
  for (let i = at; i < at + size - 1; i++, v >>>= 7) buffer[i] = (v & 0x7f) | 0x80;
  buffer[at + size - 1] = v;
}

export function writeTag(value: number): void {
  ensure(2);
  if (value < 0x80) buffer[pos++] = value;
  else {
    buffer[pos++] = (value & 0x7f) | 0x80;
    buffer[pos++] = value >>> 7;
  }
}

/** A varint of an integer in the int64 range (negatives as ten-byte two's complement). */
export function writeVarint(value: number): void {
  ensure(10);
  if (value >= 0 && value < TWO_32) {
    let v = value >>> 0;
    while (v > 0x7f) {
      buffer[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buffer[pos++] = v;
    return;
  }
  const abs = Math.abs(value);
  let low = abs >>> 0;
  let high = (abs / TWO_32) >>> 0;
  if (value < 0) {
    low = ~low >>> 0;
    high = ~high >>> 0;
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  }
  while (high > 0 || low > 0x7f) {
    buffer[pos++] = (low & 0x7f) | 0x80;
    low = ((low >>> 7) | (high << 25)) >>> 0;
    high >>>= 7;
  }
  buffer[pos++] = low;
}

export function writeFixed32(value: number): void {
  ensure(4);
  view.setUint32(pos, value >>> 0, true);
  pos += 4;
}

/** An HrTime as fixed64 Unix nanoseconds, exact (seconds × 10⁹ is past 2⁵³, so in 32-bit halves). */
export function writeTime([seconds, nanos]: HrTime): void {
  const lowSeconds = seconds & 0xffff;
  const highSeconds = (seconds / 0x10000) >>> 0;
  const fromLow = lowSeconds * 1e9;
  const fromHigh = highSeconds * 1e9;
  const low = (fromLow >>> 0) + (((fromHigh & 0xffff) * 0x10000) >>> 0) + nanos;
  const high = Math.floor(fromLow / TWO_32) + ((fromHigh / 0x10000) >>> 0) + Math.floor(low / TWO_32);
  ensure(8);
  view.setUint32(pos, low >>> 0, true);
  view.setUint32(pos + 4, high >>> 0, true);
  pos += 8;
}

/** Bytes from a hex id (the store holds only well-formed lower-case ids). */
export function writeHex(hex: string): void {
  const length = hex.length >>> 1;
  ensure(length + 1);
  buffer[pos++] = length;
  for (let i = 0; i < hex.length; i += 2) buffer[pos++] = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1));
}

function nibble(code: number): number {
  return code <= 57 ? code - 48 : code >= 97 ? code - 87 : code - 55;
}

/** A length-prefixed UTF-8 string; ASCII, the common case, is copied a character per byte. */
export function writeString(text: string): void {
  const length = text.length;
  ensure(length + 5);
  const at = pos;
  if (length < 0x80) pos++;
  else writeVarint(length);
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      pos = at;
      writeBytes(utf8.encode(text));
      return;
    }
    buffer[pos++] = code;
  }
  if (length < 0x80) buffer[at] = length;
}

function writeBytes(bytes: Uint8Array): void {
  writeVarint(bytes.length);
  ensure(bytes.length);
  buffer.set(bytes, pos);
  pos += bytes.length;
}
