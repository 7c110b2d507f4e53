import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { encodeSignal } from '../src/export/requests';
import { encodeSpans, toReadableSpans } from '../src/otlp/encode';
import type { BrowserInfo } from '../src/otlp/resource';
import type { SpanRecord } from '../src/protocol/span';
import { attributes, hex, pageUrl, text, time } from './support/arbitraries';
import { decodeProtobufRequest, withMeasurementsAsDoubles } from './support/otlp';
import { pageViews } from './support/page-events';

const browserInfo: BrowserInfo = { userAgent: 'Mozilla/5.0 Test', language: 'de-CH', platform: 'Linux', mobile: true, brands: ['Chromium 156', 'Not=A?Brand 24'], sdkVersion: '0.1.0' };

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
    pageUrl,
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

  it("writes what otlp-transformer writes for real pages' spans as the store gives them back, but for measurements, kept doubles", async () => {
    // Structured-cloned, as IndexedDB hands them to the export: every string a copy of its own.
    const spans: SpanRecord[] = deserialize(serialize(await pageViews(12)));
    const settings = { protocol: 'http/protobuf', batchSpans: 100, batchKilobytes: 1024, spanEvents: false, resourceTimingEvents: false } as const;
    const parts = encodeSignal('traces', spans, settings, browserInfo);
    expect(parts.map((part) => part.to - part.from)).toEqual([100, 100, 100, 100, 20]);
    expect(new Set(spans.slice(0, 100).map((s) => s.pageUrl)).size).toBe(3);
    for (const { from, to, body } of parts) {
      const part = spans.slice(from, to);
      const expected = withMeasurementsAsDoubles(library(part));
      expect(Buffer.from(body).equals(Buffer.from(expected))).toBe(true);
      // A resource for each site of the request's pages, each page's URL on all its spans.
      const received = decodeProtobufRequest(body);
      const sites = [...new Set(part.map((s) => new URL(s.pageUrl).host))];
      expect([...new Set(received.map((s) => s.resource['service.name']))]).toEqual(sites);
      const pages = new Map(part.map((s) => [s.spanId, s.pageUrl]));
      expect(received.map((s) => [s.spanId, s.attributes['browser.document.url.full']]).sort()).toEqual([...pages].sort());
    }
    // The pages' whole measurements (an LCP of 152 ms) are what sets the two apart.
    expect(Buffer.from(library(spans)).equals(Buffer.from(withMeasurementsAsDoubles(library(spans))))).toBe(false);
  });

  it('sends nothing for no spans (the connection test)', () => {
    expect(encodeSpans([], 'http/protobuf', browserInfo)).toHaveLength(0);
    expect(library([])).toHaveLength(0);
  });
});
