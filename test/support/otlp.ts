/**
 * Strict OTLP decoding for tests: protobuf is decoded with the protobufjs code shipped in
 * @opentelemetry/otlp-transformer@0.216.0 (installed as `otlp-decode`), verified, re-encoded and
 * compared byte for byte, so any field the encoder wrote that the schema does not know fails.
 * That code has no logs: ExportLogsServiceRequest is decoded the same way with protobufjs (its
 * dependency) reflecting otlp-logs-schema.ts, and its JSON checked field by field against it.
 */
import { createRequire } from 'node:module';
import { isDouble } from '../../src/otlp/doubles';
import { LOGS_SCHEMA } from './otlp-logs-schema';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const root = require('otlp-decode/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
// otlp-decode's own protobufjs, wherever npm put it.
const protobuf = createRequire(require.resolve('otlp-decode'))('protobufjs');
const LogsRequest = protobuf.Root.fromJSON(LOGS_SCHEMA).lookupType('logs.ExportLogsServiceRequest');

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

const hexOfBytes = (id: number[]) => Buffer.from(id).toString('hex');

/**
 * `bytes` decoded as the protobufjs message `type`, verified, and re-encoded to the same bytes
 * (what the schema does not know is dropped on decoding, so it fails here), as a plain object:
 * 64-bit integers as decimal strings, bytes as arrays, enums as numbers, defaults filled in.
 */
function decodeStrictly(type: any, bytes: Uint8Array): any {
  const message = type.decode(bytes);
  const problem = type.verify(message);
  if (problem) throw new Error(`invalid ${type.name}: ${problem}`);
  const again: Uint8Array = type.encode(message).finish();
  if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) !== 0) throw new Error(`${type.name} does not re-encode to the same bytes`);
  return type.toObject(message, { longs: String, enums: Number, bytes: Array, defaults: true, oneofs: true });
}

/** Decodes an ExportTraceServiceRequest; throws on anything that is not exactly valid. */
export function decodeProtobufRequest(bytes: Uint8Array): ReceivedSpan[] {
  return flatten(decodeStrictly(Request, bytes), hexOfBytes);
}

/**
 * `bytes`, an ExportTraceServiceRequest (or an ExportLogsServiceRequest), with every whole number
 * under a key isDouble() names a double: otlp-transformer writes such a number as an int, where
 * Spanlight keeps a measurement a double (src/otlp/doubles.ts). Re-encoded by protobufjs, which
 * writes what the library writes (decodeStrictly checks as much of every request it decodes).
 */
export function withMeasurementsAsDoubles(bytes: Uint8Array, signal: 'traces' | 'logs' = 'traces'): Uint8Array {
  const type = signal === 'traces' ? Request : LogsRequest;
  const message = type.decode(bytes);
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
    const kv = node as { key?: unknown; value?: { intValue?: unknown; doubleValue?: number } };
    if (typeof kv.key === 'string' && isDouble(kv.key) && kv.value && Object.hasOwn(kv.value, 'intValue') && kv.value.intValue != null) {
      kv.value.doubleValue = Number(String(kv.value.intValue));
      delete kv.value.intValue;
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(message);
  return type.encode(message).finish();
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

/** A log record as the collector sees it, flattened for assertions; ids in lowercase hex ('' when absent). */
export interface ReceivedLog {
  eventName: string;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  traceId: string;
  spanId: string;
  flags: number;
  attributes: Record<string, unknown>;
  types: Record<string, string>;
  resource: Record<string, unknown>;
  scope: { name: string; version: string };
}

/** Decodes an ExportLogsServiceRequest; throws on anything that is not exactly valid. */
export function decodeLogsProtobufRequest(bytes: Uint8Array): ReceivedLog[] {
  return flattenLogs(decodeStrictly(LogsRequest, bytes), hexOfBytes);
}

/**
 * Decodes an ExportLogsServiceRequest in OTLP JSON, strictly: UTF-8 without a bad sequence, no
 * field the schema does not know, every value in its JSON form (64-bit integers as decimal, ids
 * as hex, enums as numbers), at most one member of a oneof.
 */
export function decodeLogsJsonRequest(bytes: Uint8Array): ReceivedLog[] {
  const object = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  checkJson(LogsRequest, object, 'request');
  return flattenLogs(object, (id: string) => id ?? '');
}

function flattenLogs(request: any, hex: (id: any) => string): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const resource = attributesOf(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        out.push({
          eventName: r.eventName ?? '',
          timeUnixNano: BigInt(r.timeUnixNano ?? 0),
          observedTimeUnixNano: BigInt(r.observedTimeUnixNano ?? 0),
          severityNumber: r.severityNumber ?? 0,
          severityText: r.severityText ?? '',
          traceId: hex(r.traceId),
          spanId: hex(r.spanId),
          flags: r.flags ?? 0,
          attributes: attributesOf(r.attributes),
          types: typesOf(r.attributes),
          resource,
          scope: { name: sl.scope?.name ?? '', version: sl.scope?.version ?? '' },
        });
      }
    }
  }
  return out;
}

const MAX_INT64 = 2n ** 63n;

/** Throws unless `value` is `type` in the protobuf JSON mapping as OTLP writes it. */
function checkJson(type: any, value: unknown, path: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path}: expected an object`);
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) throw new Error(`${path}.${key}: not a field of ${type.name}`);
    field.resolve();
    if (!field.repeated) checkJsonValue(field, v, `${path}.${key}`);
    else if (!Array.isArray(v)) throw new Error(`${path}.${key}: expected an array`);
    else v.forEach((item, i) => checkJsonValue(field, item, `${path}.${key}[${i}]`));
  }
  for (const oneof of type.oneofsArray) {
    if (oneof.oneof.filter((name: string) => name in value).length > 1) throw new Error(`${path}: more than one of ${oneof.name}`);
  }
}

function checkJsonValue(field: any, v: unknown, path: string): void {
  const fail = (expected: string) => {
    throw new Error(`${path}: expected ${expected}, got ${JSON.stringify(v)}`);
  };
  if (field.resolvedType instanceof protobuf.Type) return checkJson(field.resolvedType, v, path);
  if (field.resolvedType instanceof protobuf.Enum) {
    if (!Object.values(field.resolvedType.values).includes(v)) fail(`a ${field.resolvedType.name} number`);
    return;
  }
  const integer = (min: bigint, max: bigint) => {
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
    if (n === undefined || n < min || n >= max) fail(`an integer in [${min}, ${max})`);
  };
  switch (field.type) {
    case 'string':
      if (typeof v !== 'string' || !v.isWellFormed()) fail('well-formed text');
      return;
    case 'bool':
      if (typeof v !== 'boolean') fail('a boolean');
      return;
    case 'int64':
      return integer(-MAX_INT64, MAX_INT64);
    case 'fixed64':
      return integer(0n, 2n ** 64n);
    case 'uint32':
    case 'fixed32':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) fail('a uint32');
      return;
    case 'double':
      if (typeof v !== 'number' && !['NaN', 'Infinity', '-Infinity'].includes(v as string)) fail('a number');
      return;
    case 'bytes': {
      // OTLP JSON writes trace and span ids in hex, other bytes in base64.
      const form = field.name === 'traceId' ? /^[0-9a-f]{32}$/ : field.name === 'spanId' ? /^[0-9a-f]{16}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
      if (typeof v !== 'string' || !form.test(v)) fail(`${field.name} bytes`);
      return;
    }
    default:
      fail(`a known type, not ${field.type}`);
  }
}
