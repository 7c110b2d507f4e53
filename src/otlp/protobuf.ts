/**
 * An OTLP ExportTraceServiceRequest in protobuf, written straight from stored spans in one pass.
 *
 * It writes the same bytes as @opentelemetry/otlp-transformer's ProtobufTraceSerializer given the
 * spans as encode.ts hands them to it (test/otlp-protobuf.test.ts compares the two on random spans),
 * at a fraction of the cost: the library takes SDK span objects, which encode.ts must build first,
 * and writes every request twice (a size pass, then the bytes). Export is bound by this encoding
 * when a backlog drains, so the background uses this. The one difference: a measurement's number
 * stays a double when it is whole (see doubles.ts).
 *
 * Field numbers: opentelemetry-proto, trace/v1/trace.proto (the writer: protobuf-writer.ts).
 */
import type { SpanRecord } from '../protocol/span';
import { close, encodeRequest, LEN, open, tag, writeAttributes, writeFixed32, writeHex, writeKeyValue, writeString, writeTag, writeTime, writeVarint } from './protobuf-writer';
import { DOCUMENT_URL, documentUrlOf } from './document-url';
import type { ResourceGroup } from './resource';

/** W3C sampled, and "is_remote is known" (SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK): our spans are local. */
const SPAN_FLAGS = 0x101;
const HAS_IS_REMOTE = 0x100;

/** The request for `groups`, one ResourceSpans each, in order. */
export function encodeTraceRequest(groups: readonly ResourceGroup<SpanRecord>[]): Uint8Array {
  return encodeRequest(groups, writeSpan);
}

/** One Span's fields (its envelope's tag and length are encodeRequest's). */
function writeSpan(span: SpanRecord): void {
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
  const documentUrl = documentUrlOf(span);
  if (documentUrl) writeKeyValue(DOCUMENT_URL, documentUrl, 9);
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
}
