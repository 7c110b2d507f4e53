import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDouble } from '../src/otlp/doubles';
import { encodeSpans } from '../src/otlp/encode';
import type { BrowserInfo } from '../src/otlp/resource';
import type { SpanRecord } from '../src/protocol/span';
import { decodeJsonRequest, decodeProtobufRequest, type ReceivedSpan } from './support/otlp';
import { pageSpans } from './support/page-events';
import { makeSpan } from './support/spans';

const browserInfo: BrowserInfo = { userAgent: 'Mozilla/5.0 Test', sdkVersion: '0.1.0' };
const decoders = [
  ['http/protobuf', decodeProtobufRequest],
  ['http/json', decodeJsonRequest],
] as const;
const received = (spans: SpanRecord[], protocol: 'http/protobuf' | 'http/json'): ReceivedSpan[] =>
  (protocol === 'http/protobuf' ? decodeProtobufRequest : decodeJsonRequest)(encodeSpans(spans, protocol, browserInfo));

/**
 * Every number attribute the capture writes that holds whole numbers: counts, sizes in bytes, ids,
 * ports, status codes, line numbers (the background's session stamps included).
 */
const WHOLE_KEYS = [
  'server.port',
  'http.response.status_code',
  'http.response.size',
  'http.response.body.size',
  'spanlight.response.decoded_body_size',
  'code.line.number',
  'code.column.number',
  'spanlight.long_frame.scripts',
  'spanlight.tab.id',
  'spanlight.dropped.count',
];

describe('OTLP number types', () => {
  for (const [protocol] of decoders) {
    it(`keeps a vital a double when its value is whole, as ${protocol}`, () => {
      const lcp = (value: number) => makeSpan(0, { name: 'LCP', attributes: { 'browser.web_vital.value': value, 'browser.web_vital.name': 'lcp', 'http.response.status_code': 200 } });
      const [whole, fractional] = received([lcp(152), lcp(152.4)], protocol);
      expect(whole!.types['browser.web_vital.value']).toBe('doubleValue');
      expect(fractional!.types['browser.web_vital.value']).toBe('doubleValue');
      expect([whole!.attributes['browser.web_vital.value'], fractional!.attributes['browser.web_vital.value']]).toEqual([152, 152.4]);
      // A count stays an integer.
      expect(whole!.types['http.response.status_code']).toBe('intValue');
    });
  }

  it('gives each number the tracer writes one type, whatever its value', async () => {
    const spans = await pageSpans();
    for (const [protocol] of decoders) {
      const types = new Map<string, Set<string>>();
      for (const span of received(spans, protocol)) {
        for (const [key, type] of Object.entries(span.types)) {
          if (type === 'intValue' || type === 'doubleValue') types.set(key, (types.get(key) ?? new Set()).add(type));
        }
      }
      for (const [key, seen] of types) expect([key, [...seen]]).toEqual([key, [isDouble(key) ? 'doubleValue' : 'intValue']]);
      // The fixture's measurements include whole ones: these are what the old encoding made ints.
      for (const key of ['browser.web_vital.value', 'browser.web_vital.delta', 'spanlight.web_vital.attribution.resourceLoadDelay', 'spanlight.long_frame.blocking_duration', 'spanlight.user_timing.detail']) {
        expect([key, [...types.get(key)!]]).toEqual([key, ['doubleValue']]);
      }
    }
  });

  it('knows every number attribute the tracer writes: a measurement or a whole number', async () => {
    const numbers = new Set((await pageSpans()).flatMap((span) => Object.keys(span.attributes).filter((key) => typeof span.attributes[key] === 'number')));
    const unknown = [...numbers].filter((key) => !isDouble(key) && !WHOLE_KEYS.includes(key));
    expect(unknown).toEqual([]);
    expect(WHOLE_KEYS.filter(isDouble)).toEqual([]);
  });

  it('writes a measurement as a double for any value, in both encodings alike', () => {
    const keys = fc.constantFrom('browser.web_vital.value', 'browser.web_vital.delta', 'spanlight.web_vital.attribution.timeToFirstByte', 'browser.navigation_timing.dom_complete', 'browser.resource_timing.duration');
    fc.assert(
      fc.property(keys, fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (key, value) => {
        const span = makeSpan(0, { attributes: { [key]: value } });
        for (const [protocol] of decoders) {
          const [got] = received([span], protocol);
          expect(got!.types[key]).toBe('doubleValue');
          // JSON has no -0: a zero is a zero.
          expect(got!.attributes[key] === value).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps sizes and counts of the timing families whole', () => {
    for (const key of ['browser.resource_timing.transfer_size', 'browser.resource_timing.decoded_body_size', 'browser.navigation_timing.redirect_count']) expect([key, isDouble(key)]).toEqual([key, false]);
    const [got] = received([makeSpan(0, { attributes: { 'browser.resource_timing.transfer_size': 300, 'browser.resource_timing.duration': 12 } })], 'http/protobuf');
    expect(got!.types).toMatchObject({ 'browser.resource_timing.transfer_size': 'intValue', 'browser.resource_timing.duration': 'doubleValue' });
  });
});
