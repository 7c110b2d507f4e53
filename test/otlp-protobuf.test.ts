import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSpans, toReadableSpans } from '../src/otlp/encode';
import type { BrowserInfo } from '../src/otlp/resource';
import type { AttributeValue, HrTime, SpanRecord } from '../src/protocol/span';
import { decodeProtobufRequest } from './support/otlp';

const browserInfo: BrowserInfo = { userAgent: 'Mozilla/5.0 Test', language: 'de-CH', platform: 'Linux', mobile: true, brands: ['Chromium 156', 'Not=A?Brand 24'], sdkVersion: '0.1.0' };

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
/** Strings of every size class a length prefix has (1, 2 and 3 bytes), ASCII or not. */
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 120, maxLength: 300 }),
  fc.nat({ max: 3 }).map((n) => 'x'.repeat([127, 128, 16_383, 16_384][n]!)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  text,
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, 2 ** 32, -(2 ** 32), 2 ** 63, -(2 ** 63), Number.MAX_VALUE, Infinity, NaN),
  fc.double(),
);
const attributes = fc.dictionary(fc.string({ maxLength: 30 }), value, { maxKeys: 12 });
const time: fc.Arbitrary<HrTime> = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 + 5 }), fc.integer({ min: 0, max: 999_999_999 }));

const span: fc.Arbitrary<SpanRecord> = fc.record(
  {
    traceId: hex(16),
    spanId: hex(8),
    parentSpanId: hex(8),
    name: text,
    kind: fc.integer({ min: 0, max: 4 }),
    start: time,
    end: time,
    status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: text }, { requiredKeys: ['code'] }),
    attributes,
    events: fc.array(fc.record({ name: text, time, attributes }, { requiredKeys: ['name', 'time'] }), { maxLength: 3 }),
    links: fc.array(fc.record({ traceId: hex(16), spanId: hex(8), flags: fc.integer({ min: 0, max: 255 }), attributes }, { requiredKeys: ['traceId', 'spanId', 'flags'] }), {
      maxLength: 3,
    }),
    pageUrl: fc.oneof(fc.constantFrom('https://shop.example/cart', 'https://shop.example/', 'http://127.0.0.1:8080/x', 'not a url', ''), fc.webUrl()),
    droppedAttributes: fc.nat(),
    droppedEvents: fc.nat(),
    droppedLinks: fc.nat(),
  },
  { requiredKeys: ['traceId', 'spanId', 'name', 'kind', 'start', 'end', 'status', 'attributes', 'events', 'pageUrl'] },
);

/** Property runs take seconds, longer on a busy CI machine. */
const TIMEOUT = 120_000;

const library = (spans: SpanRecord[]) => ProtobufTraceSerializer.serializeRequest(toReadableSpans(spans, browserInfo))!;

describe('OTLP protobuf encoding', () => {
  it('writes the bytes otlp-transformer writes, for any stored spans', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), (spans) => {
        expect(Buffer.from(encodeSpans(spans, 'http/protobuf', browserInfo)).equals(Buffer.from(library(spans)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes requests of every size the same, past its first buffer', { timeout: TIMEOUT }, () => {
    const big = fc.sample(span, { numRuns: 3000, seed: 7 });
    const body = encodeSpans(big, 'http/protobuf', browserInfo);
    expect(body.length).toBeGreaterThan(1 << 20);
    expect(Buffer.from(body).equals(Buffer.from(library(big)))).toBe(true);
    // The writer's buffer is reused: a request after a larger one is whole and alone.
    const small = big.slice(0, 2);
    expect(Buffer.from(encodeSpans(small, 'http/protobuf', browserInfo)).equals(Buffer.from(library(small)))).toBe(true);
    expect(decodeProtobufRequest(encodeSpans(small, 'http/protobuf', browserInfo)).map((s) => s.spanId)).toEqual(small.map((s) => s.spanId));
  });

  it('sends nothing for no spans (the connection test)', () => {
    expect(encodeSpans([], 'http/protobuf', browserInfo)).toHaveLength(0);
    expect(library([])).toHaveLength(0);
  });
});
