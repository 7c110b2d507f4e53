import { describe, expect, it } from 'vitest';
import { parseBridgeMessage } from '../src/protocol/bridge';
import { PAGE_LIMITS, parsePageBatch, parsePageConfig, parsePageEvent } from '../src/protocol/page';
import { parseSpanRecord } from '../src/protocol/span';
import { parseUiRequest } from '../src/protocol/ui';
import { makeSpan } from './support/spans';

const http = { type: 'http', api: 'fetch', method: 'GET', url: 'https://a.example/', start: 1, end: 2, status: 200 };

describe('page channel parser', () => {
  it('accepts each well-formed event and rebuilds it without extra fields', () => {
    expect(parsePageEvent({ ...http, extra: 'x' })).toEqual(http);
    expect(parsePageEvent({ type: 'interaction', event: 'click', start: 1, end: 2, target: 'a#b' })).toEqual({ type: 'interaction', event: 'click', start: 1, end: 2, target: 'a#b' });
    const error = { type: 'error', kind: 'unhandledrejection', time: 3, errorType: 'Error', message: 'm', stack: 's', line: 1, column: 2 };
    expect(parsePageEvent(error)).toEqual(error);
    const load = { type: 'page-load', navigationType: 'reload', marks: { fetchStart: 1, loadEventEnd: 9 } };
    expect(parsePageEvent(load)).toEqual(load);
  });

  it.each([
    ['an unknown type', { ...http, type: 'steal' }],
    ['an inherited type name', { ...http, type: 'toString' }],
    ['a NaN time', { ...http, start: NaN }],
    ['a string status', { ...http, status: '200' }],
    ['an over-long URL', { ...http, url: 'x'.repeat(PAGE_LIMITS.url + 1) }],
    ['an unknown API', { ...http, api: 'beacon' }],
    ['a non-string error', { ...http, error: { toString: () => 'x' } }],
    ['a bad mark', { type: 'page-load', navigationType: 'navigate', marks: { loadEventEnd: 'soon' } }],
    ['an error with an object stack', { type: 'error', kind: 'error', time: 1, errorType: 'E', message: 'm', stack: {} }],
    ['null', null],
    ['an array', [http]],
  ])('drops %s', (_, value) => {
    expect(parsePageEvent(value)).toBeUndefined();
  });

  it('counts what it drops from a batch', () => {
    expect(parsePageBatch([http, { type: 'nope' }, 42, http])).toEqual({ events: [http, http], dropped: 2 });
    expect(parsePageBatch('not a batch')).toEqual({ events: [], dropped: 1 });
    expect(parsePageBatch(new Array(PAGE_LIMITS.eventsPerBatch + 1).fill(http)).dropped).toBe(1);
  });
});

describe('bridge channel parser', () => {
  it('keeps valid spans and counts the invalid ones as dropped', () => {
    const good = makeSpan();
    const bad = { ...makeSpan(), traceId: '0'.repeat(32) };
    const backwards = { ...makeSpan(), start: [2, 0], end: [1, 0] };
    const message = parseBridgeMessage({ type: 'spans', seq: 3, batch: '0123456789abcdef', spans: [good, bad, backwards], dropped: 4 });
    expect(message).toEqual({ type: 'spans', seq: 3, batch: '0123456789abcdef', spans: [good], dropped: 6 });
  });

  it('refuses an envelope with no usable sequence, batch id or page context', () => {
    expect(parseBridgeMessage({ type: 'spans', batch: '0123456789abcdef', spans: [] })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'spans', seq: 1, batch: 'not-hex', spans: [] })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'events', seq: 1, batch: '0123456789abcdef', page: { traceId: 'x' }, events: [] })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'other', seq: 1, batch: '0123456789abcdef' })).toBeUndefined();
  });

  it('parses span attributes strictly', () => {
    expect(parseSpanRecord({ ...makeSpan(), attributes: { a: { nested: 1 } } })).toBeUndefined();
    expect(parseSpanRecord({ ...makeSpan(), attributes: { a: Infinity } })).toBeUndefined();
    expect(parseSpanRecord({ ...makeSpan(), kind: 9 })).toBeUndefined();
  });
});

describe('UI channel parser', () => {
  it('accepts the named requests and normalizes test-connection settings', () => {
    expect(parseUiRequest({ type: 'retry-parked', extra: 1 })).toEqual({ type: 'retry-parked' });
    const test = parseUiRequest({ type: 'test-connection', export: { endpoint: ' http://c.test/v1/traces ', batchSpans: -1 } });
    expect(test).toMatchObject({ type: 'test-connection', export: { endpoint: 'http://c.test/v1/traces', batchSpans: 512 } });
  });

  it('refuses anything else', () => {
    expect(parseUiRequest({ type: 'spans', spans: [] })).toBeUndefined();
    expect(parseUiRequest('export-now')).toBeUndefined();
    expect(parseUiRequest(null)).toBeUndefined();
  });
});

describe('page config and propagated ids', () => {
  it('accepts a span id chosen by the page side only as 16 hex', () => {
    expect(parsePageEvent({ ...http, spanId: '00f067aa0ba902b7' })).toEqual({ ...http, spanId: '00f067aa0ba902b7' });
    expect(parsePageEvent({ ...http, spanId: '0000000000000000' })).toBeUndefined();
    expect(parsePageEvent({ ...http, spanId: 'xyz' })).toBeUndefined();
  });

  it('parses the bridge config and refuses anything else', () => {
    const config = { type: 'config', traceId: '0af7651916cd43dd8448eb211c80319c', propagation: { sameOrigin: true, origins: ['https://a.example', 7] } };
    expect(parsePageConfig(config)).toEqual({ ...config, propagation: { sameOrigin: true, origins: ['https://a.example'] } });
    expect(parsePageConfig({ ...config, traceId: 'short' })).toBeUndefined();
    expect(parsePageConfig({ ...config, propagation: { origins: [] } })).toBeUndefined();
  });
});

describe('user timing events', () => {
  it('keep a plain detail and refuse any other', () => {
    const measure = { type: 'measure', name: 'checkout', start: 1, end: 13 };
    expect(parsePageEvent({ ...measure, detail: 'cart of 3' })).toEqual({ ...measure, detail: 'cart of 3' });
    expect(parsePageEvent({ ...measure, detail: { items: 3 } })).toBeUndefined();
    expect(parsePageEvent({ ...measure, detail: NaN })).toBeUndefined();
    expect(parsePageEvent(measure)).toEqual(measure);
  });
});

describe('route events', () => {
  it('need a known trigger and the new trace id', () => {
    const route = { type: 'route', trigger: 'pushState', url: 'https://a.example/?v=2', time: 5, traceId: '0af7651916cd43dd8448eb211c80319c', view: 1 };
    expect(parsePageEvent(route)).toEqual(route);
    expect(parsePageEvent({ ...route, trigger: 'navigate' })).toBeUndefined();
    expect(parsePageEvent({ ...route, traceId: '0'.repeat(32) })).toBeUndefined();
  });
});

describe('resource events and sizes', () => {
  it('parse a resource entry and a request with its sizes', () => {
    const resource = { type: 'resource', initiatorType: 'script', url: 'https://a.example/app.js', start: 1, end: 9, renderBlocking: true, transferSize: 300, encodedBodySize: 120, decodedBodySize: 400, protocol: 'h2' };
    expect(parsePageEvent(resource)).toEqual(resource);
    expect(parsePageEvent({ ...resource, transferSize: -1 })).toBeUndefined();
    expect(parsePageEvent({ ...resource, encodedBodySize: undefined })).toBeUndefined();
    expect(parsePageEvent({ ...http, transferSize: 10, encodedBodySize: 5, decodedBodySize: 5 })).toEqual({ ...http, transferSize: 10, encodedBodySize: 5, decodedBodySize: 5 });
    expect(parsePageEvent({ ...http, transferSize: 10 })).toBeUndefined();
  });

  it('map to semantic-convention attributes, telling a cache hit', async () => {
    const { describeEvent } = await import('../src/tracer/describe-event');
    const [span] = describeEvent({ type: 'resource', initiatorType: 'img', url: 'https://a.example/x.png', start: 1, end: 2, renderBlocking: false, transferSize: 0, encodedBodySize: 50, decodedBodySize: 50, protocol: 'h2' }, 'https://a.example/');
    expect(span!.attributes).toMatchObject({
      'http.response.size': 0,
      'http.response.body.size': 50,
      'spanlight.response.cache_hit': true,
      'network.protocol.name': 'http',
      'network.protocol.version': '2',
      'spanlight.resource.initiator_type': 'img',
    });
  });
});

describe('interaction events', () => {
  it('keep only Enter or Space as the key', () => {
    const key = { type: 'interaction', event: 'keydown', start: 1, end: 2, target: 'button#buy', key: 'Enter' };
    expect(parsePageEvent(key)).toEqual(key);
    expect(parsePageEvent({ ...key, key: 'a' })).toBeUndefined();
    expect(parsePageEvent({ ...key, event: 'mousemove' })).toBeUndefined();
  });
});

describe('vital events', () => {
  it('keep plain attribution values only', () => {
    const vital = { type: 'vital', name: 'LCP', value: 812, rating: 'good', navigationType: 'navigate', time: 900, attribution: { target: 'h1#hero', timeToFirstByte: 20 }, view: 0 };
    expect(parsePageEvent(vital)).toEqual(vital);
    expect(parsePageEvent({ ...vital, attribution: { target: { el: 1 } } })).toBeUndefined();
    expect(parsePageEvent({ ...vital, name: 'FID' })).toBeUndefined();
    expect(parsePageEvent({ ...vital, rating: 'great' })).toBeUndefined();
  });
});

describe('long frame events', () => {
  it('carry their longest script, or none', () => {
    const frame = { type: 'long-frame', kind: 'frame', start: 10, end: 170, blockingDuration: 110, scripts: 1 };
    expect(parsePageEvent(frame)).toEqual(frame);
    const withScript = { ...frame, script: { duration: 150, invoker: 'BUTTON#slow.onclick', source: 'https://a.example/app.js', function: 'slow' } };
    expect(parsePageEvent(withScript)).toEqual(withScript);
    expect(parsePageEvent({ ...frame, script: { duration: 'long' } })).toBeUndefined();
    expect(parsePageEvent({ ...frame, kind: 'tick' })).toBeUndefined();
  });
});
