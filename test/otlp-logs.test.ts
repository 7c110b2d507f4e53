import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { encodeSignal } from '../src/export/requests';
import { isDouble } from '../src/otlp/doubles';
import { encodeSpans } from '../src/otlp/encode';
import { encodeLogParts, encodeLogs, toReadableLogs } from '../src/otlp/encode-logs';
import { spansToEvents, type LogEvent } from '../src/otlp/events';
import type { BrowserInfo } from '../src/otlp/resource';
import type { SpanRecord } from '../src/protocol/span';
import { attributes, hex, pageUrl, text, time } from './support/arbitraries';
import { decodeLogsJsonRequest, decodeLogsProtobufRequest, decodeProtobufRequest, withMeasurementsAsDoubles } from './support/otlp';
import { pageSpans, pageViews, PAGE_URL } from './support/page-events';

const browserInfo: BrowserInfo = { userAgent: 'Mozilla/5.0 Test', language: 'de-CH', platform: 'Linux', mobile: true, brands: ['Chromium 156', 'Not=A?Brand 24'], sdkVersion: '0.1.0' };

/** Any event a store could hand the encoder (keys at random: none a measurement's). */
const event: fc.Arbitrary<LogEvent> = fc.record(
  {
    time,
    observedTime: time,
    severityNumber: fc.integer({ min: 0, max: 24 }),
    severityText: text,
    eventName: text,
    attributes,
    traceId: fc.oneof(hex(16), fc.constant('')),
    spanId: fc.oneof(hex(8), fc.constant('')),
    flags: fc.integer({ min: 0, max: 255 }),
    pageUrl,
  },
  { requiredKeys: ['time', 'observedTime', 'severityNumber', 'eventName', 'attributes', 'traceId', 'spanId', 'flags', 'pageUrl'] },
);

/** Property runs take seconds, longer on a busy CI machine. */
const TIMEOUT = 120_000;

const libraryProtobuf = (events: LogEvent[]) => ProtobufLogsSerializer.serializeRequest(toReadableLogs(events, browserInfo))!;

/**
 * The library's JSON as ours writes it: int64 as decimal strings (the library writes numbers),
 * no empty body for a record without one, a measurement's whole number a double (doubles.ts), and
 * no `schemaUrl` inside `resource` (the library's JSON copies it there; OTLP's Resource has no
 * such field, and a strict collector refuses it: it belongs to ResourceLogs, where both write it).
 */
function libraryJson(events: LogEvent[]): unknown {
  const parsed = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(toReadableLogs(events, browserInfo))), (key, v) =>
    key === 'intValue' ? BigInt(v).toString() : v,
  );
  for (const rl of parsed.resourceLogs) {
    expect(rl.resource.schemaUrl).toBe(rl.schemaUrl);
    delete rl.resource.schemaUrl;
    for (const sl of rl.scopeLogs) {
      for (const record of sl.logRecords) {
        expect(record.body).toEqual({});
        delete record.body;
        for (const kv of record.attributes) if (isDouble(kv.key) && 'intValue' in kv.value) kv.value = { doubleValue: Number(kv.value.intValue) };
      }
    }
  }
  return parsed;
}

async function pageEvents(): Promise<LogEvent[]> {
  return spansToEvents(await pageSpans(), { resourceTiming: true });
}

describe('OTLP logs encoding', () => {
  it('writes the protobuf bytes otlp-transformer writes, for any events', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const ours = encodeLogs(events, 'http/protobuf', browserInfo);
        expect(Buffer.from(ours).equals(Buffer.from(libraryProtobuf(events)))).toBe(true);
        expect(decodeLogsProtobufRequest(ours)).toHaveLength(events.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes requests of every size the same, past its first buffer', { timeout: TIMEOUT }, () => {
    const big = fc.sample(event, { numRuns: 3000, seed: 11 });
    const body = encodeLogs(big, 'http/protobuf', browserInfo);
    expect(body.length).toBeGreaterThan(1 << 20);
    expect(Buffer.from(body).equals(Buffer.from(libraryProtobuf(big)))).toBe(true);
  });

  it("writes the page's events as the library would, measurements as doubles, in protobuf and JSON alike", async () => {
    const events = await pageEvents();
    const library = decodeLogsProtobufRequest(libraryProtobuf(events)).map((r) => ({
      ...r,
      types: Object.fromEntries(Object.entries(r.types).map(([key, type]) => [key, isDouble(key) && type === 'intValue' ? 'doubleValue' : type])),
    }));
    const protobuf = decodeLogsProtobufRequest(encodeLogs(events, 'http/protobuf', browserInfo));
    const json = decodeLogsJsonRequest(encodeLogs(events, 'http/json', browserInfo));
    expect(protobuf).toEqual(library);
    expect(json).toEqual(library);
    expect(JSON.parse(new TextDecoder().decode(encodeLogs(events, 'http/json', browserInfo)))).toEqual(libraryJson(events));
  });

  it("writes the library's bytes for real pages' events as the store gives them back, but for measurements, kept doubles", async () => {
    // Structured-cloned, as IndexedDB hands them to the export.
    const spans: SpanRecord[] = deserialize(serialize(await pageViews(8)));
    const settings = { protocol: 'http/protobuf', batchSpans: 64, batchKilobytes: 1024, spanEvents: false, resourceTimingEvents: true } as const;
    const parts = encodeSignal('logs', spans, settings, browserInfo);
    expect(parts).toHaveLength(5);
    for (const { from, to, body } of parts) {
      const events = spansToEvents(spans.slice(from, to), { resourceTiming: true });
      expect(Buffer.from(body!).equals(Buffer.from(withMeasurementsAsDoubles(libraryProtobuf(events), 'logs')))).toBe(true);
      expect(decodeLogsProtobufRequest(body!).map((r) => r.eventName)).toEqual(events.map((e) => e.eventName));
    }
  });

  it('links each record to its span and sends it under the spans’ resource and scope', async () => {
    const spans = await pageSpans();
    const events = spansToEvents(spans);
    const [span] = decodeProtobufRequest(encodeSpans(spans, 'http/protobuf', browserInfo));
    for (const protocol of ['http/protobuf', 'http/json'] as const) {
      const decode = protocol === 'http/protobuf' ? decodeLogsProtobufRequest : decodeLogsJsonRequest;
      const records = decode(encodeLogs(events, protocol, browserInfo));
      expect(records.map((r) => [r.eventName, r.traceId, r.spanId, r.flags])).toEqual(events.map((e) => [e.eventName, e.traceId, e.spanId, 1]));
      for (const [i, record] of records.entries()) {
        const sent = events[i]!;
        expect(record.timeUnixNano).toBe(BigInt(sent.time[0]) * 1_000_000_000n + BigInt(sent.time[1]));
        expect(record.observedTimeUnixNano).toBe(record.timeUnixNano);
        expect(record.severityNumber).toBe(sent.eventName === 'exception' ? 17 : 9);
        expect(record.attributes['browser.document.url.full']).toBe(sent.pageUrl);
        expect(record.resource).toEqual(span!.resource);
        expect(record.scope).toEqual(span!.scope);
      }
    }
    expect(span!.resource['service.name']).toBe('shop.example');
    expect(events[0]!.pageUrl).toBe(PAGE_URL);
  });

  it('writes JSON a strict collector accepts, whatever the values', () => {
    const hostile: LogEvent = {
      time: [1_732_172_400, 1],
      observedTime: [1_732_172_400, 1],
      severityNumber: 17,
      severityText: 'bad \ud800',
      eventName: 'exception \udc00',
      attributes: { 'exception.message': 'a\ud800b', nan: NaN, inf: -Infinity, huge: 2 ** 63, 'browser.web_vital.value': 0 },
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      flags: 1,
      pageUrl: 'https://shop.example/',
    };
    const [record] = decodeLogsJsonRequest(encodeLogs([hostile], 'http/json', browserInfo));
    expect(record!.eventName).toBe('exception \ufffd');
    expect(record!.severityText).toBe('bad \ufffd');
    expect(record!.attributes).toEqual({ 'exception.message': 'a\ufffdb', nan: 'NaN', inf: '-Infinity', huge: 2 ** 63, 'browser.web_vital.value': 0 });
    expect(record!.types['browser.web_vital.value']).toBe('doubleValue');
  });

  it('decodes strictly: a field the schema does not know, or a value in the wrong form, fails', async () => {
    const events = (await pageEvents()).slice(0, 1);
    const bytes = encodeLogs(events, 'http/protobuf', browserInfo);
    // field 15, varint 1, appended inside the request: no such field in ExportLogsServiceRequest.
    expect(() => decodeLogsProtobufRequest(Uint8Array.from([...bytes, 0x78, 0x01]))).toThrow(/re-encode/);
    const json = JSON.parse(new TextDecoder().decode(encodeLogs(events, 'http/json', browserInfo)));
    const record = json.resourceLogs[0].scopeLogs[0].logRecords[0];
    const again = (change: (r: Record<string, unknown>) => void) => {
      const copy = structuredClone(json);
      change(copy.resourceLogs[0].scopeLogs[0].logRecords[0]);
      return () => decodeLogsJsonRequest(new TextEncoder().encode(JSON.stringify(copy)));
    };
    expect(() => decodeLogsJsonRequest(new TextEncoder().encode(JSON.stringify(json)))).not.toThrow();
    expect(again((r) => (r.evenName = record.eventName))).toThrow(/not a field/);
    expect(again((r) => (r.severityNumber = 'SEVERITY_NUMBER_INFO'))).toThrow(/SeverityNumber/);
    expect(again((r) => (r.traceId = 'AB'.repeat(16)))).toThrow(/traceId/);
    expect(again((r) => (r.timeUnixNano = 1.5))).toThrow(/integer/);
  });

  it('sends nothing for no events, and gives the same bytes for the same events (a re-export)', async () => {
    expect(encodeLogs([], 'http/protobuf', browserInfo)).toHaveLength(0);
    expect(libraryProtobuf([])).toHaveLength(0);
    const first = encodeLogs(await pageEvents(), 'http/protobuf', browserInfo);
    const again = encodeLogs(await pageEvents(), 'http/protobuf', browserInfo);
    // pageSpans draws fresh span ids: compare all but the ids.
    const withoutIds = (bytes: Uint8Array) => decodeLogsProtobufRequest(bytes).map(({ spanId: _s, ...rest }) => rest);
    expect(withoutIds(again)).toEqual(withoutIds(first));
    const events = await pageEvents();
    expect(Buffer.from(encodeLogs(events, 'http/json', browserInfo)).equals(Buffer.from(encodeLogs(structuredClone(events), 'http/json', browserInfo)))).toBe(true);
  });

  it('splits events into requests within the byte limit, in order, none lost', async () => {
    const events = [...(await pageEvents()), ...(await pageEvents())];
    const whole = encodeLogs(events, 'http/protobuf', browserInfo).length;
    const parts = encodeLogParts(events, 'http/protobuf', browserInfo, 5, Math.ceil(whole / 4));
    expect(parts.length).toBeGreaterThan(Math.ceil(events.length / 5));
    expect(parts[0]!.from).toBe(0);
    expect(parts.at(-1)!.to).toBe(events.length);
    for (const [i, part] of parts.entries()) {
      if (i) expect(part.from).toBe(parts[i - 1]!.to);
      expect(part.to - part.from).toBeLessThanOrEqual(5);
      expect(part.body.length <= Math.ceil(whole / 4) || part.to - part.from === 1).toBe(true);
      expect(decodeLogsProtobufRequest(part.body).map((r) => r.eventName)).toEqual(events.slice(part.from, part.to).map((e) => e.eventName));
    }
  });
});
