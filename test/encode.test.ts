import { createRequire } from 'node:module';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { encodeSpans, toReadableSpans } from '../src/otlp/encode';
import { otlpFile } from '../src/otlp/write-file';
import { parseOtlpFile } from '../src/otlp/read-file';
import type { SpanRecord } from '../src/protocol/span';
import type { BrowserInfo } from '../src/otlp/resource';
import { decodeJsonRequest, decodeProtobufRequest } from './support/otlp';
import { makeSpan } from './support/spans';

const browserInfo: BrowserInfo = {
  userAgent: 'Mozilla/5.0 Test',
  language: 'en-GB',
  platform: 'Linux',
  mobile: false,
  brands: ['Chromium 156'],
  sdkVersion: '0.1.0',
};

const spans = [
  makeSpan(0, { name: 'documentLoad', kind: 0, parentSpanId: undefined, attributes: { 'url.full': 'https://shop.example/' } }),
  makeSpan(10, { status: { code: 2, message: 'NetworkError' }, events: [{ name: 'fetchStart', time: [1_732_172_400, 7] }] }),
  makeSpan(20, {
    pageUrl: 'http://127.0.0.1:8080/x',
    links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), flags: 1, attributes: { 'spanlight.link.type': 'top_page_view' } }],
    droppedLinks: 2,
  }),
];

describe('OTLP encoding', () => {
  for (const [protocol, decode] of [
    ['http/protobuf', decodeProtobufRequest],
    ['http/json', decodeJsonRequest],
  ] as const) {
    it(`round-trips every span field as ${protocol}`, () => {
      const received = decode(encodeSpans(spans, protocol, browserInfo));
      expect(received).toHaveLength(3);
      for (const sent of spans) {
        const got = received.find((r) => r.spanId === sent.spanId)!;
        expect(got.traceId).toBe(sent.traceId);
        expect(got.parentSpanId).toBe(sent.parentSpanId ?? '');
        expect(got.name).toBe(sent.name);
        expect(got.kind).toBe(sent.kind + 1);
        expect(got.startTimeUnixNano).toBe(BigInt(sent.start[0]) * 1_000_000_000n + BigInt(sent.start[1]));
        expect(got.endTimeUnixNano).toBe(BigInt(sent.end[0]) * 1_000_000_000n + BigInt(sent.end[1]));
        expect(got.status.code).toBe(sent.status.code);
        expect(got.status.message).toBe(sent.status.message ?? '');
        // The document's URL is added as the span is sent (src/otlp/document-url.ts).
        expect(got.attributes).toEqual({ ...sent.attributes, 'browser.document.url.full': sent.pageUrl });
        expect(got.events.map((e) => e.name)).toEqual(sent.events.map((e) => e.name));
        expect(got.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, flags: l.flags & 0xff, attributes: l.attributes }))).toEqual(
          (sent.links ?? []).map((l) => ({ ...l, attributes: l.attributes ?? {} })),
        );
        expect(got.scope).toEqual({ name: 'spanlight', version: '0.1.0' });
      }
    });
  }

  it('gives each page host its own resource with browser attributes', () => {
    const received = decodeProtobufRequest(encodeSpans(spans, 'http/protobuf', browserInfo));
    const shop = received.find((r) => r.spanId === spans[0]!.spanId)!.resource;
    expect(shop).toEqual({
      'service.name': 'shop.example',
      'telemetry.sdk.name': 'spanlight',
      'telemetry.sdk.language': 'webjs',
      'telemetry.sdk.version': '0.1.0',
      'user_agent.original': 'Mozilla/5.0 Test',
      'browser.language': 'en-GB',
      'browser.platform': 'Linux',
      'browser.mobile': false,
      'browser.brands': ['Chromium 156'],
    });
    expect(received.find((r) => r.spanId === spans[2]!.spanId)!.resource['service.name']).toBe('127.0.0.1:8080');
  });

  it('writes JSON as otlp-transformer does for ordinary spans, with int64 as decimal strings', () => {
    const ordinary = [...spans, makeSpan(30, { attributes: { n: 42, big: 2 ** 60, neg: -7, ratio: 0.25, yes: true, s: 'ü ☃ 😀' }, status: { code: 1 } })];
    const ours = JSON.parse(new TextDecoder().decode(encodeSpans(ordinary, 'http/json', browserInfo)));
    const library = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(toReadableSpans(ordinary, browserInfo))), (key, value) =>
      key === 'intValue' ? BigInt(value).toString() : value,
    );
    // The library's JSON copies schemaUrl into `resource` too, where OTLP's Resource has no such
    // field (a strict collector refuses it); both write it on ResourceSpans, where it belongs.
    for (const rs of library.resourceSpans) {
      expect(rs.resource.schemaUrl).toBe('https://opentelemetry.io/schemas/1.44.0');
      delete rs.resource.schemaUrl;
    }
    expect(ours).toEqual(library);
  });
});

/** OTLP's protobufjs types, to read JSON as a collector's protobuf JSON mapping does. */
const otlpRoot = createRequire(import.meta.url)('otlp-decode/build/src/generated/root.js');
const Request = otlpRoot.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Checks `bytes` the way a strict collector reads OTLP JSON: UTF-8 without a bad sequence, no
 * string holding a lone surrogate (not even escaped), every intValue a decimal string within
 * int64, every doubleValue a number or "NaN"/"Infinity"/"-Infinity". Returns the parsed request.
 */
function strictJson(bytes: Uint8Array): unknown {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  expect(text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') expect(value.isWellFormed(), key).toBe(true);
    if (key === 'intValue') {
      expect(value).toMatch(/^-?\d+$/);
      expect(BigInt(value as string) >= -(2n ** 63n) && BigInt(value as string) < 2n ** 63n).toBe(true);
    }
    if (key === 'doubleValue' && typeof value !== 'number') expect(['NaN', 'Infinity', '-Infinity']).toContain(value);
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? key : k);
  };
  const parsed = JSON.parse(text) as unknown;
  walk(parsed, '');
  const message = Request.fromObject(parsed);
  expect(Request.verify(message)).toBeNull();
  return parsed;
}

describe('OTLP encoding of hostile values', () => {
  const hostile = (): SpanRecord[] => [
    makeSpan(0, {
      name: 'click \ud83d',
      status: { code: 2, message: '\udc00 broken' },
      attributes: {
        'lone.\udfff': 'a\ud800b',
        huge: 2 ** 63,
        'int64.min': -(2 ** 63),
        'int64.big': 2 ** 62,
        exp: 1e21,
        tiny: -1e300,
        nan: NaN,
        inf: Infinity,
        'minus.inf': -Infinity,
        fine: 12,
      },
      events: [{ name: 'mark \udbff', time: [1_732_172_400, 1], attributes: { v: '\ud800' } }],
      links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), flags: 1, attributes: { why: 'x\udc00' } }],
    }),
    makeSpan(1, { pageUrl: 'https://other.example/', name: 'another site' }),
  ];

  it('writes JSON a strict collector accepts, so the other site in the request is delivered', () => {
    const request = strictJson(encodeSpans(hostile(), 'http/json', browserInfo));
    const received = decodeJsonRequest(new TextEncoder().encode(JSON.stringify(request)));
    expect(received.map((s) => s.name)).toEqual(['click \ufffd', 'another site']);
    const [span] = received;
    expect(span!.status.message).toBe('\ufffd broken');
    expect(span!.events[0]!.name).toBe('mark \ufffd');
    expect(span!.links[0]!.attributes).toEqual({ why: 'x\ufffd' });
    expect(span!.attributes).toEqual({
      'lone.\ufffd': 'a\ufffdb',
      huge: 2 ** 63,
      'int64.min': -(2 ** 63),
      'int64.big': 2 ** 62,
      exp: 1e21,
      tiny: -1e300,
      nan: 'NaN',
      inf: 'Infinity',
      'minus.inf': '-Infinity',
      fine: 12,
      'browser.document.url.full': hostile()[0]!.pageUrl.replace(/[\ud800-\udfff]/g, '\ufffd'),
    });
    const values = Object.fromEntries(
      (request as any).resourceSpans[0].scopeSpans[0].spans[0].attributes.map((kv: any) => [kv.key, kv.value]),
    );
    expect(values).toMatchObject({
      huge: { doubleValue: 2 ** 63 },
      'int64.min': { intValue: '-9223372036854775808' },
      'int64.big': { intValue: '4611686018427387904' },
      exp: { doubleValue: 1e21 },
      nan: { doubleValue: 'NaN' },
      fine: { intValue: '12' },
    });
  });

  it('writes protobuf a strict decoder accepts: lone surrogates as U+FFFD, numbers past int64 as doubles', () => {
    const received = decodeProtobufRequest(encodeSpans(hostile(), 'http/protobuf', browserInfo));
    expect(received.map((s) => s.name)).toEqual(['click \ufffd', 'another site']);
    expect(received[0]!.status.message).toBe('\ufffd broken');
    expect(received[0]!.attributes).toMatchObject({ 'lone.\ufffd': 'a\ufffdb', huge: 2 ** 63, 'int64.min': -(2 ** 63), exp: 1e21, nan: NaN, inf: Infinity, 'minus.inf': -Infinity });
  });

  it('writes files that are strict OTLP JSON, which the viewer imports back', () => {
    const text = otlpFile(hostile(), 'jsonl', browserInfo);
    for (const line of text.trim().split('\n')) strictJson(new TextEncoder().encode(line));
    const [span] = parseOtlpFile(text);
    expect(span!.name).toBe('click \ufffd');
    expect(span!.attributes).toMatchObject({ huge: 2 ** 63, 'int64.min': -(2 ** 63), fine: 12, nan: 'NaN', inf: 'Infinity' });
  });
});
