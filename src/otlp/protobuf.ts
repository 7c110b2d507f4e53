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
import { close, encodeRequest, open, writeAttributes, writeBytes, writeFixed32Field, writeHexField, writeKeyValueCopy, writeStringField, writeTimeField, writeVarintField } from './protobuf-writer';
import { LEN, tag } from './protobuf-wire';
import { DOCUMENT_URL, documentUrlOf } from './document-url';
import type { ResourceGroup } from './resource';

/** W3C sampled, and "is_remote is known" (SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK): our spans are local. */
const SPAN_FLAGS = 0x101;
const HAS_IS_REMOTE = 0x100;

/** The document URL attribute of each page in the request being written, as written the first time. */
const documentUrls = new Map<string, Uint8Array>();

/** The request for `groups`, one ResourceSpans each, in order. */
export function encodeTraceRequest(groups: readonly ResourceGroup<SpanRecord>[]): Uint8Array {
  try {
    return encodeRequest(groups, writeSpan);
  } finally {
    documentUrls.clear();
  }
}

/** One Span's fields (its envelope's tag and length are encodeRequest's). */
function writeSpan(span: SpanRecord): void {
  writeHexField(tag(1, LEN), span.traceId);
  writeHexField(tag(2, LEN), span.spanId);
  if (span.parentSpanId) writeHexField(tag(4, LEN), span.parentSpanId);
  writeStringField(tag(5, LEN), span.name);
  const kind = span.kind + 1; // OTLP's SpanKind is the API's plus one; 0 (unspecified) is left out
  if (kind !== 0) writeVarintField(tag(6, 0), kind);
  writeTimeField(tag(7, 1), span.start);
  writeTimeField(tag(8, 1), span.end);
  writeAttributes(span.attributes, 9);
  const documentUrl = documentUrlOf(span);
  if (documentUrl) writeDocumentUrl(documentUrl);
  writeVarintField(tag(10, 0), span.droppedAttributes ?? 0);
  for (const event of span.events) {
    const e = open(tag(11, LEN));
    writeTimeField(tag(1, 1), event.time);
    writeStringField(tag(2, LEN), event.name);
    if (event.attributes) writeAttributes(event.attributes, 3);
    writeVarintField(tag(4, 0), 0);
    close(e);
  }
  writeVarintField(tag(12, 0), span.droppedEvents ?? 0);
  for (const link of span.links ?? []) {
    const l = open(tag(13, LEN));
    writeHexField(tag(1, LEN), link.traceId);
    writeHexField(tag(2, LEN), link.spanId);
    if (link.attributes) writeAttributes(link.attributes, 4);
    writeVarintField(tag(5, 0), 0);
    writeFixed32Field(tag(6, 5), (link.flags & 0xff) | HAS_IS_REMOTE);
    close(l);
  }
  writeVarintField(tag(14, 0), span.droppedLinks ?? 0);
  const status = open(tag(15, LEN));
  if (span.status.message) writeStringField(tag(2, LEN), span.status.message);
  writeVarintField(tag(3, 0), span.status.code);
  close(status);
  writeFixed32Field(tag(16, 5), SPAN_FLAGS);
}

/** The span's page URL as an attribute: a page's spans all carry it, so it is encoded once a request. */
function writeDocumentUrl(url: string): void {
  const bytes = documentUrls.get(url);
  if (bytes) writeBytes(bytes);
  else documentUrls.set(url, writeKeyValueCopy(DOCUMENT_URL, url, 9));
}
