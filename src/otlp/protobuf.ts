/**
 * An OTLP ExportTraceServiceRequest in protobuf, written straight from stored spans in one pass.
 *
 * It writes the same bytes as @opentelemetry/otlp-transformer's ProtobufTraceSerializer given the
 * spans as encode.ts hands them to it (test/otlp-protobuf.test.ts compares the two on random spans),
 * at a fraction of the cost: the library takes SDK span objects, which encode.ts must build first,
 * and writes every request twice (a size pass, then the bytes). Export is bound by this encoding
 * when a backlog drains, so the background uses this; JSON stays with the library.
 *
 * Field numbers: opentelemetry-proto, trace/v1/trace.proto and common/v1/common.proto.
 */
import type { Attributes, AttributeValue, HrTime, SpanRecord } from '../protocol/span';
import type { ResourceAttributes } from './resource';

/** The resource and scope a group of spans is sent under. */
export interface SpanGroup {
  resource: ResourceAttributes;
  scope: { name: string; version: string };
  spans: readonly SpanRecord[];
}

/** W3C sampled, and "is_remote is known" (SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK): our spans are local. */
const SPAN_FLAGS = 0x101;
const HAS_IS_REMOTE = 0x100;
const TWO_32 = 4294967296;
const MAX_INT64 = 2 ** 63;

// Wire-format tags: (field << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

// One buffer, reused by every request (encoding is synchronous); it grows to the largest request
// written (the byte limit per request, 1 MB by default) and each request is copied out of it.
let buffer = new Uint8Array(1 << 16);
let view = new DataView(buffer.buffer);
let pos = 0;
const utf8 = new TextEncoder();

/** The request for `groups`, one ResourceSpans each, in order. */
export function encodeTraceRequest(groups: readonly SpanGroup[]): Uint8Array {
  pos = 0;
  for (const group of groups) {
    writeTag(tag(1, LEN)); // ExportTraceServiceRequest.resource_spans
    const resourceSpans = open();
    writeTag(tag(1, LEN)); // ResourceSpans.resource
    const resource = open();
    writeAttributes(group.resource, 1);
    writeTag(tag(2, 0)); // Resource.dropped_attributes_count
    writeVarint(0);
    close(resource);
    writeTag(tag(2, LEN)); // ResourceSpans.scope_spans
    const scopeSpans = open();
    writeTag(tag(1, LEN)); // ScopeSpans.scope
    const scope = open();
    writeTag(tag(1, LEN));
    writeString(group.scope.name);
    if (group.scope.version) {
      writeTag(tag(2, LEN));
      writeString(group.scope.version);
    }
    close(scope);
    for (const span of group.spans) {
      writeTag(tag(2, LEN)); // ScopeSpans.spans
      writeSpan(span);
    }
    close(scopeSpans);
    close(resourceSpans);
  }
  return buffer.slice(0, pos);
}

function writeSpan(span: SpanRecord): void {
  const at = open();
  writeTag(tag(1, LEN));
  writeHex(span.traceId);
  writeTag(tag(2, LEN));
  writeHex(span.spanId);
  if (span.parentSpanId) {
    writeTag(tag(4, LEN));
    writeHex(span.parentSpanId);
  }
  writeTag(tag(5, LEN));
  writeString(span.name);
  const kind = span.kind + 1; // OTLP's SpanKind is the API's plus one; 0 (unspecified) is left out
  if (kind !== 0) {
    writeTag(tag(6, 0));
    writeVarint(kind);
  }
  writeTag(tag(7, 1));
  writeTime(span.start);
  writeTag(tag(8, 1));
  writeTime(span.end);
  writeAttributes(span.attributes, 9);
  writeTag(tag(10, 0));
  writeVarint(span.droppedAttributes ?? 0);
  for (const event of span.events) {
    writeTag(tag(11, LEN));
    const e = open();
    writeTag(tag(1, 1));
    writeTime(event.time);
    writeTag(tag(2, LEN));
    writeString(event.name);
    if (event.attributes) writeAttributes(event.attributes, 3);
    writeTag(tag(4, 0));
    writeVarint(0);
    close(e);
  }
  writeTag(tag(12, 0));
  writeVarint(span.droppedEvents ?? 0);
  for (const link of span.links ?? []) {
    writeTag(tag(13, LEN));
    const l = open();
    writeTag(tag(1, LEN));
    writeHex(link.traceId);
    writeTag(tag(2, LEN));
    writeHex(link.spanId);
    if (link.attributes) writeAttributes(link.attributes, 4);
    writeTag(tag(5, 0));
    writeVarint(0);
    writeTag(tag(6, 5));
    writeFixed32((link.flags & 0xff) | HAS_IS_REMOTE);
    close(l);
  }
  writeTag(tag(14, 0));
  writeVarint(span.droppedLinks ?? 0);
  writeTag(tag(15, LEN));
  const status = open();
  if (span.status.message) {
    writeTag(tag(2, LEN));
    writeString(span.status.message);
  }
  writeTag(tag(3, 0));
  writeVarint(span.status.code);
  close(status);
  writeTag(tag(16, 5));
  writeFixed32(SPAN_FLAGS);
  close(at);
}

/** Repeated KeyValue `field`, in the object's key order. */
function writeAttributes(attributes: Attributes | ResourceAttributes, field: number): void {
  const kvTag = tag(field, LEN);
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    writeTag(kvTag);
    const kv = open();
    writeTag(tag(1, LEN));
    writeString(key);
    writeTag(tag(2, LEN));
    const value = open();
    writeAnyValue(attributes[key]!);
    close(value);
    close(kv);
  }
}

function writeAnyValue(value: AttributeValue | string[]): void {
  if (typeof value === 'string') {
    writeTag(tag(1, LEN));
    writeString(value);
  } else if (typeof value === 'boolean') {
    writeTag(tag(2, 0));
    writeVarint(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) {
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
function open(): number {
  ensure(1);
  return pos++;
}

/** Writes the length of the message opened at `at`, moving it on when the length needs more bytes. */
function close(at: number): void {
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

function writeTag(value: number): void {
  ensure(2);
  if (value < 0x80) buffer[pos++] = value;
  else {
    buffer[pos++] = (value & 0x7f) | 0x80;
    buffer[pos++] = value >>> 7;
  }
}

/** A varint of an integer in the int64 range (negatives as ten-byte two's complement). */
function writeVarint(value: number): void {
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

function writeFixed32(value: number): void {
  ensure(4);
  view.setUint32(pos, value >>> 0, true);
  pos += 4;
}

/** An HrTime as fixed64 Unix nanoseconds, exact (seconds × 10⁹ is past 2⁵³, so in 32-bit halves). */
function writeTime([seconds, nanos]: HrTime): void {
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
function writeHex(hex: string): void {
  const length = hex.length >>> 1;
  ensure(length + 1);
  buffer[pos++] = length;
  for (let i = 0; i < hex.length; i += 2) buffer[pos++] = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1));
}

function nibble(code: number): number {
  return code <= 57 ? code - 48 : code >= 97 ? code - 87 : code - 55;
}

/** A length-prefixed UTF-8 string; ASCII, the common case, is copied a character per byte. */
function writeString(text: string): void {
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
