import { describe, expect, it } from 'vitest';
import { parseBridgeMessage } from '../src/protocol/bridge';
import { PAGE_LIMITS, parsePageBatch, parsePageEvent, parsePageSideBatch } from '../src/protocol/page';
import { fromBase64, toBase64 } from '../src/protocol/base64';
import type { WireSpanBatch } from '../src/protocol/span-batch';
import type { PageEvent } from '../src/protocol/page';
import { randomHexId } from '../src/tracer/ids';
import { Tracer, toSpans } from '../src/tracer/tracer';
import { parseUiRequest } from '../src/protocol/ui';

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
  const ctx = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: 1_700_000_000_000, url: 'https://a.example/' };
  const three: PageEvent[] = [0, 1, 2].map((i) => ({ type: 'interaction', event: 'click', start: i, end: i + 1, target: `b${i}` }));
  /** A wire batch of three click spans, with `edit` applied to the bytes of its tables. */
  const wire = async (edit?: (tables: { spans: DataView; attrs: DataView }) => void): Promise<WireSpanBatch> => {
    const batch = (await Tracer.load('content')).toBatch(ctx, three);
    if (!edit) return batch;
    const chunk = batch.chunks[0]!;
    const spans = fromBase64(chunk.spans);
    const attrs = fromBase64(chunk.attrs);
    edit({ spans: new DataView(spans.buffer), attrs: new DataView(attrs.buffer) });
    return { ...batch, chunks: [{ ...chunk, spans: toBase64(spans), attrs: toBase64(attrs) }] };
  };
  const envelope = (data: unknown) => ({ type: 'spans', seq: 3, batch: '0123456789abcdef', data, dropped: 4 });

  it('decodes the spans of a wire batch', async () => {
    const message = parseBridgeMessage(envelope(await wire()));
    expect(message).toMatchObject({ type: 'spans', seq: 3, dropped: 4, sampledOut: 0 });
    const spans = message?.type === 'spans' ? message.spans : [];
    expect(spans.map((s) => s.attributes['ui.target'])).toEqual(['b0', 'b1', 'b2']);
    expect(spans.every((s) => s.traceId === ctx.traceId && s.parentSpanId === ctx.rootSpanId)).toBe(true);
  });

  it.each([
    ['a name index past the strings', (t: { spans: DataView }) => t.spans.setUint32(64 + 32, 999, true)],
    ['an unknown kind', (t: { spans: DataView }) => t.spans.setUint8(64 + 56, 9)],
    ['an end before its start', (t: { spans: DataView }) => t.spans.setUint32(64 + 24, 0, true)],
    ['a zero span id', (t: { spans: DataView }) => t.spans.setBigUint64(64, 0n, true)],
    ['a root flag with a parent', (t: { spans: DataView }) => t.spans.setUint8(64 + 58, 1)],
    ['nanoseconds past a second', (t: { spans: DataView }) => t.spans.setUint32(64 + 20, 2e9, true)],
    ['attributes past the table', (t: { spans: DataView }) => t.spans.setUint32(64 + 40, 10_000, true)],
    ['an unknown attribute type', (t: { spans: DataView; attrs: DataView }) => t.attrs.setUint8(3 * 16 + 4, 7)],
    ['a key index past the keys', (t: { spans: DataView; attrs: DataView }) => t.attrs.setUint32(3 * 16, 5000, true)],
  ])('leaves out a span with %s and counts it as dropped', async (_, edit) => {
    const message = parseBridgeMessage(envelope(await wire(edit)));
    expect(message?.type === 'spans' && message.spans.map((s) => s.attributes['ui.target'])).toEqual(['b0', 'b2']);
    expect(message?.dropped).toBe(5);
  });

  it('refuses an envelope with no usable sequence, batch id, page context or tables', async () => {
    const good = await wire();
    expect(parseBridgeMessage({ ...envelope(good), seq: undefined })).toBeUndefined();
    expect(parseBridgeMessage({ ...envelope(good), batch: 'not-hex' })).toBeUndefined();
    expect(parseBridgeMessage(envelope({ ...good, page: { ...good.page, traceId: 'x' } }))).toBeUndefined();
    expect(parseBridgeMessage(envelope({ ...good, chunks: [{ ...good.chunks[0], spans: '@@not base64@@' }] }))).toBeUndefined();
    expect(parseBridgeMessage(envelope({ ...good, chunks: [{ ...good.chunks[0], spans: toBase64(new Uint8Array(65)) }] }))).toBeUndefined();
    expect(parseBridgeMessage(envelope({ ...good, strings: [1, 2, 3] }))).toBeUndefined();
    expect(parseBridgeMessage(envelope({ ...good, keys: 'a' }))).toBeUndefined();
    expect(parseBridgeMessage({ type: 'events', seq: 1, batch: '0123456789abcdef', page: { traceId: 'x' }, events: [] })).toBeUndefined();
    expect(parseBridgeMessage({ type: 'other', seq: 1, batch: '0123456789abcdef' })).toBeUndefined();
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

  it("accepts an interaction's span id, and a request's parent interaction, only as 16 hex", () => {
    const click = { type: 'interaction', event: 'click', start: 1, end: 2, target: 'button#buy' };
    expect(parsePageEvent({ ...click, spanId: '00f067aa0ba902b7' })).toEqual({ ...click, spanId: '00f067aa0ba902b7' });
    expect(parsePageEvent({ ...click, spanId: 'ABC' })).toBeUndefined();
    expect(parsePageEvent({ ...http, parent: '00f067aa0ba902b7' })).toEqual({ ...http, parent: '00f067aa0ba902b7' });
    expect(parsePageEvent({ ...http, parent: '0000000000000000' })).toBeUndefined();
    expect(parsePageEvent({ ...http, parent: 42 })).toBeUndefined();
  });

  it('takes from the page side only the events it sends: what the bridge observes itself is a forgery there', () => {
    const vital = { type: 'vital', name: 'LCP', value: 1200, rating: 'good', navigationType: 'navigate', time: 5, attribution: {} };
    const load = { type: 'page-load', navigationType: 'navigate', marks: { fetchStart: 1 } };
    const measure = { type: 'measure', name: 'checkout', start: 1, end: 13 };
    expect(parsePageBatch([http, vital, load, measure]).events).toHaveLength(4);
    expect(parsePageSideBatch([http, vital, load, measure])).toEqual({ events: [http], dropped: 3 });
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

  it('say whether only the fragment changed, as a boolean or not at all', () => {
    const route = { type: 'route', trigger: 'popstate', url: 'https://a.example/#reviews', time: 5, traceId: '0af7651916cd43dd8448eb211c80319c', view: 1 };
    expect(parsePageEvent({ ...route, hashChange: true })).toEqual({ ...route, hashChange: true });
    expect(parsePageEvent({ ...route, hashChange: false })).toEqual({ ...route, hashChange: false });
    expect(parsePageEvent({ ...route, hashChange: 'yes' })).toBeUndefined();
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
    const ctx = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: 1_700_000_000_000, url: 'https://a.example/' };
    const {
      spans: [span],
    } = toSpans((await Tracer.load('content')), ctx, [{ type: 'resource', initiatorType: 'img', url: 'https://a.example/x.png', start: 1, end: 2, renderBlocking: false, transferSize: 0, encodedBodySize: 50, decodedBodySize: 50, protocol: 'h2' }]);
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

  it("keep a report's metric id and delta, a delta down included, and refuse malformed ones", () => {
    const vital = { type: 'vital', name: 'INP', value: 180, id: 'v5-1732172400000-3333333333333', delta: -16, rating: 'poor', navigationType: 'navigate', time: 900, attribution: {}, view: 0 };
    expect(parsePageEvent(vital)).toEqual(vital);
    expect(parsePageEvent({ ...vital, id: 7 })).toBeUndefined();
    expect(parsePageEvent({ ...vital, id: 'v'.repeat(300) })).toBeUndefined();
    expect(parsePageEvent({ ...vital, delta: NaN })).toBeUndefined();
    expect(parsePageEvent({ ...vital, delta: '16' })).toBeUndefined();
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
