/**
 * Strict OTLP decoding for tests: protobuf is decoded with the protobufjs code shipped in
 * @opentelemetry/otlp-transformer@0.216.0 (installed as `otlp-decode`), verified, re-encoded and
 * compared byte for byte, so any field the encoder wrote that the schema does not know fails.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const root = require('otlp-decode/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

type AnyValue = { stringValue?: string; boolValue?: boolean; intValue?: string; doubleValue?: number; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };

/** A span as the collector sees it, flattened for assertions; ids in lowercase hex. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind (1 internal … 3 client). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  status: { code: number; message: string };
  attributes: Record<string, unknown>;
  /** Each attribute's AnyValue member (`intValue`, `doubleValue`, …): the type a backend keys on. */
  types: Record<string, string>;
  events: { name: string; timeUnixNano: bigint }[];
  /** Links, with OTLP's flags (W3C trace flags in the low byte). */
  links: { traceId: string; spanId: string; flags: number; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown>;
  scope: { name: string; version: string };
}

/** Decodes an ExportTraceServiceRequest; throws on anything that is not exactly valid. */
export function decodeProtobufRequest(bytes: Uint8Array): ReceivedSpan[] {
  const message = Request.decode(bytes);
  const problem = Request.verify(message);
  if (problem) throw new Error(`invalid ExportTraceServiceRequest: ${problem}`);
  const again: Uint8Array = Request.encode(message).finish();
  if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) !== 0) {
    throw new Error('ExportTraceServiceRequest does not re-encode to the same bytes');
  }
  const object = Request.toObject(message, { longs: String, bytes: Array, defaults: true, oneofs: true });
  return flatten(object, (id: number[]) => Buffer.from(id).toString('hex'));
}

/** Decodes OTLP JSON (ids as hex, per the OTLP/HTTP JSON mapping). */
export function decodeJsonRequest(bytes: Uint8Array): ReceivedSpan[] {
  const object = JSON.parse(Buffer.from(bytes).toString('utf8'));
  return flatten(object, (id: string) => {
    if (typeof id !== 'string' || !/^([0-9a-f]{16}|[0-9a-f]{32})?$/.test(id)) throw new Error(`bad id ${id}`);
    return id;
  });
}

function flatten(request: any, hex: (id: any) => string): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: s.parentSpanId && s.parentSpanId.length ? hex(s.parentSpanId) : '',
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: BigInt(s.startTimeUnixNano),
          endTimeUnixNano: BigInt(s.endTimeUnixNano),
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
          attributes: attributesOf(s.attributes),
          types: typesOf(s.attributes),
          events: (s.events ?? []).map((e: any) => ({ name: e.name, timeUnixNano: BigInt(e.timeUnixNano) })),
          links: (s.links ?? []).map((l: any) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId), flags: l.flags ?? 0, attributes: attributesOf(l.attributes) })),
          resource,
          scope: { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' },
        });
      }
    }
  }
  return out;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
}

function typesOf(list: KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, memberOf(kv.value)]));
}

/** The AnyValue member that is set: protobufjs names it in `value` (oneofs: true); JSON has only that key. */
function memberOf(v: AnyValue & { value?: string }): keyof AnyValue {
  return (typeof v.value === 'string' ? v.value : Object.keys(v)[0]) as keyof AnyValue;
}

function valueOf(v: AnyValue & { value?: string }): unknown {
  const key = memberOf(v);
  const x = v[key];
  if (key === 'arrayValue') return ((x as AnyValue['arrayValue'])?.values ?? []).map(valueOf);
  if (key === 'intValue') return Number(x);
  return x;
}
