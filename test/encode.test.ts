import { describe, expect, it } from 'vitest';
import { encodeSpans } from '../src/export/encode';
import type { BrowserInfo } from '../src/export/resource';
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
        expect(got.attributes).toEqual(sent.attributes);
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
});
