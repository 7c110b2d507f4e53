import { describe, expect, it } from 'vitest';
import type { PageContext } from '../src/protocol/bridge';
import type { PageEvent } from '../src/protocol/page';
import type { SpanRecord } from '../src/protocol/span';
import { CoreError } from '../src/tracer/core';
import { randomHexId } from '../src/tracer/ids';
import { DEFAULT_TRACER_CONFIG } from '../src/tracer/span-writer';
import { Tracer, toSpans } from '../src/tracer/tracer';

const page = (): PageContext => ({
  traceId: randomHexId(16),
  rootSpanId: randomHexId(8),
  // .5 is exact in f64; at this epoch an f64 of milliseconds resolves only ~0.24 µs.
  timeOrigin: 1_732_172_400_123.5,
  url: 'https://shop.example/cart?token=abc',
});

const events: PageEvent[] = [
  { type: 'http', api: 'fetch', method: 'GET', url: 'https://api.example/a?key=s3cret&q=1', start: 10, end: 25.5, status: 200 },
  { type: 'interaction', event: 'click', start: 30, end: 31.25, target: 'button#buy' },
  { type: 'error', kind: 'error', time: 40, errorType: 'TypeError', message: 'x is undefined', stack: 'at f (a.js:1:2)' },
  { type: 'page-load', navigationType: 'navigate', marks: { fetchStart: 1, responseEnd: 5, loadEventEnd: 120.000001 } },
];

const spansOf = (tracer: Tracer, ctx: PageContext, list: PageEvent[]) => toSpans(tracer, ctx, list).spans;

const toNs = ([s, ns]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(ns);

describe('tracer core (WASM build)', () => {
  it('gives every span W3C-valid, unique ids in the page view trace', async () => {
    const tracer = await Tracer.load('content');
    const ctx = page();
    const spans = spansOf(tracer, ctx, events);
    expect(spans).toHaveLength(events.length);
    for (const span of spans) {
      expect(span.traceId).toBe(ctx.traceId);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.spanId).not.toBe('0000000000000000');
    }
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
  });

  it('links children to the root span, which adopts the page context id', async () => {
    const tracer = await Tracer.load('content');
    const ctx = page();
    const spans = spansOf(tracer, ctx, events);
    const root = spans.find((s) => s.name === 'documentLoad')!;
    expect(root.spanId).toBe(ctx.rootSpanId);
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes['spanlight.core']).toBe('content');
    for (const child of spans.filter((s) => s !== root)) expect(child.parentSpanId).toBe(ctx.rootSpanId);
  });

  it('turns page-relative milliseconds into Unix nanoseconds', async () => {
    const tracer = await Tracer.load('content');
    const spans = spansOf(tracer, page(), events);
    const origin = 1_732_172_400_123_500_000n;
    const fetch = spans.find((s) => s.name === 'GET')!;
    expect(toNs(fetch.start)).toBe(origin + 10_000_000n);
    expect(toNs(fetch.end)).toBe(origin + 25_500_000n);
    const root = spans.find((s) => s.name === 'documentLoad')!;
    expect(toNs(root.start)).toBe(origin);
    expect(toNs(root.end)).toBe(origin + 120_000_001n);
    expect(root.events.map((e) => e.name)).toEqual(['fetchStart', 'responseEnd', 'loadEventEnd']);
    expect(toNs(root.events[0]!.time)).toBe(origin + 1_000_000n);
  });

  it('clamps an end before the start to the start', async () => {
    const tracer = await Tracer.load('content');
    const [span] = spansOf(tracer, page(), [{ type: 'interaction', event: 'click', start: 50, end: 40, target: 'a' }]);
    expect(span!.end).toEqual(span!.start);
  });

  it('keeps every span when a batch overflows the core table', async () => {
    const tracer = await Tracer.load('content');
    const many: PageEvent[] = Array.from({ length: 1500 }, (_, i) => ({ type: 'interaction', event: 'click', start: i, end: i + 1, target: `b${i}` }));
    const spans = spansOf(tracer, page(), many);
    expect(spans).toHaveLength(1500);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(1500);
    expect(spans.map((s) => s.attributes['ui.target'])).toEqual(many.map((e) => (e as { target: string }).target));
  });

  it('gives the same spans from the content and the background core, but for the host', async () => {
    const ctx = page();
    const strip = (s: SpanRecord) => {
      const { spanId: _id, parentSpanId, attributes, ...rest } = s;
      const { 'spanlight.core': _host, ...attrs } = attributes;
      return { ...rest, parent: parentSpanId, attrs };
    };
    const a = spansOf(await Tracer.load('content'), ctx, events).map(strip);
    const b = spansOf(await Tracer.load('background'), ctx, events).map(strip);
    expect(a).toEqual(b);
  });

  it('redacts secrets in URLs', async () => {
    const tracer = await Tracer.load('content');
    const ctx = page();
    const spans = spansOf(tracer, { ...ctx, url: 'https://shop.example/cart' }, events);
    expect(spans.find((s) => s.name === 'GET')!.attributes['url.full']).toBe('https://api.example/a?key=REDACTED&q=1');
  });

  it('holds times within what the tables hold (u32 seconds), and refuses a time origin past them', async () => {
    const tracer = await Tracer.load('content');
    const last: [number, number] = [2 ** 32 - 1, 999_999_999];
    const late = { ...page(), timeOrigin: (2 ** 32 - 1) * 1000 };
    const [span] = spansOf(tracer, late, [{ type: 'interaction', event: 'click', start: 500, end: 1e10, target: 'a' }]);
    expect(span!.start).toEqual([2 ** 32 - 1, 500_000_000]);
    expect(span!.end).toEqual(last);
    expect(() => spansOf(tracer, { ...late, timeOrigin: 2 ** 32 * 1000 }, events)).toThrow(CoreError);
  });

  it('refuses a page context whose ids are not valid hex', async () => {
    const tracer = await Tracer.load('content');
    expect(() => spansOf(tracer, { ...page(), traceId: '0'.repeat(32) }, events)).toThrow(CoreError);
    expect(() => spansOf(tracer, { ...page(), rootSpanId: 'XYZ0000000000000' }, events)).toThrow(CoreError);
  });
});

describe('tracer core: ids chosen by the page side', () => {
  it('gives a propagated request span the id sent in its traceparent', async () => {
    const tracer = await Tracer.load('content');
    const ctx = page();
    const [span] = spansOf(tracer, ctx, [{ type: 'http', api: 'fetch', method: 'GET', url: 'https://a.example/', start: 1, end: 2, status: 200, spanId: '00f067aa0ba902b7' }]);
    expect(span).toMatchObject({ traceId: ctx.traceId, spanId: '00f067aa0ba902b7', parentSpanId: ctx.rootSpanId });
  });

  it("makes a request an interaction's handlers started its child, but under the root where the page view is not sampled", async () => {
    const tracer = await Tracer.load('content');
    const click: PageEvent = { type: 'interaction', event: 'click', start: 1, end: 9, target: 'button', spanId: 'aaaaaaaaaaaaaaa1' };
    const request: PageEvent = { type: 'http', api: 'xhr', method: 'POST', url: 'https://a.example/', start: 2, end: 5, status: 500, parent: 'aaaaaaaaaaaaaaa1' };
    const ctx = page();
    const [clickSpan, requestSpan] = spansOf(tracer, ctx, [click, { ...request, spanId: 'bbbbbbbbbbbbbbb2' }]);
    expect(clickSpan).toMatchObject({ name: 'click', spanId: 'aaaaaaaaaaaaaaa1', parentSpanId: ctx.rootSpanId });
    expect(requestSpan).toMatchObject({ name: 'POST', spanId: 'bbbbbbbbbbbbbbb2', parentSpanId: 'aaaaaaaaaaaaaaa1' });
    const [fresh] = spansOf(tracer, ctx, [request]);
    expect(fresh).toMatchObject({ parentSpanId: 'aaaaaaaaaaaaaaa1' });
    expect(fresh!.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
    expect(fresh!.spanId).not.toBe('aaaaaaaaaaaaaaa1');
    // Not sampled: the click is left out, so its failed request (kept as an error) hangs from the root.
    tracer.configure({ ...DEFAULT_TRACER_CONFIG, sampleRatio: 0 });
    expect(spansOf(tracer, ctx, [click, request])).toMatchObject([{ name: 'POST', parentSpanId: ctx.rootSpanId }]);
    // A parent that is not an id is refused, as a given span id is.
    tracer.configure(DEFAULT_TRACER_CONFIG);
    expect(() => spansOf(tracer, ctx, [{ ...request, parent: 'zz' }])).toThrow(CoreError);
  });
});

describe('navigation phases', () => {
  it('are children of the page load, empty optional ones left out', async () => {
    const { navigationPhases } = await import('../src/tracer/navigation-phases');
    const phases = navigationPhases({
      fetchStart: 1, domainLookupStart: 1, domainLookupEnd: 1, connectStart: 1, connectEnd: 3, requestStart: 3,
      responseStart: 8, responseEnd: 9, domComplete: 40, loadEventStart: 41, loadEventEnd: 42,
    });
    expect(phases).toEqual([
      { name: 'navigation.connect', start: 1, end: 3 },
      { name: 'navigation.request', start: 3, end: 8 },
      { name: 'navigation.response', start: 8, end: 9 },
      { name: 'navigation.dom_processing', start: 9, end: 40 },
      { name: 'navigation.load_event', start: 41, end: 42 },
    ]);
    const tracer = await Tracer.load('content');
    const ctx = page();
    const spans = spansOf(tracer, ctx, [{ type: 'page-load', navigationType: 'navigate', marks: { requestStart: 3, responseStart: 8, responseEnd: 9, domComplete: 40, loadEventStart: 41, loadEventEnd: 42 } }]);
    expect(spans.map((s) => s.name)).toEqual(['documentLoad', 'navigation.request', 'navigation.response', 'navigation.dom_processing', 'navigation.load_event']);
    expect(spans.slice(1).every((s) => s.parentSpanId === ctx.rootSpanId)).toBe(true);
  });
});

describe('web vital spans', () => {
  it('sit where each vital measures, with secrets in the LCP resource URL redacted', async () => {
    const tracer = await Tracer.load('content');
    const ctx = { ...page(), timeOrigin: 1_700_000_000_000 };
    const ms = ([s, ns]: [number, number]) => s * 1e3 + ns / 1e6 - ctx.timeOrigin;
    const base = { rating: 'good' as const, navigationType: 'navigate', time: 2000, view: 0 };
    const [lcp, inp, cls] = spansOf(tracer, ctx, [
      { ...base, type: 'vital', name: 'LCP', value: 812, attribution: { url: 'https://cdn.example/hero.jpg?token=abc' } },
      { ...base, type: 'vital', name: 'INP', value: 180, attribution: { interactionTime: 1200 } },
      { ...base, type: 'vital', name: 'CLS', value: 0.12, attribution: { largestShiftTime: 640 } },
    ]);
    expect([lcp!.name, ms(lcp!.start), ms(lcp!.end)]).toEqual(['LCP', 0, 812]);
    expect(lcp!.attributes['spanlight.web_vital.attribution.url']).toBe('https://cdn.example/hero.jpg?token=REDACTED');
    expect([ms(inp!.start), ms(inp!.end)]).toEqual([1200, 1380]);
    expect([ms(cls!.start), ms(cls!.end), cls!.attributes['browser.web_vital.value']]).toEqual([640, 640, 0.12]);
  });

  it("carry the report's metric id and delta, which tell a re-report from another metric", async () => {
    const tracer = await Tracer.load('content');
    const report = { type: 'vital', name: 'CLS', rating: 'good', navigationType: 'navigate', time: 2000, view: 0, attribution: {}, id: 'v5-1-2' } as const;
    const [first, again] = spansOf(tracer, page(), [
      { ...report, value: 0.05, delta: 0.05 },
      { ...report, value: 0.08, delta: 0.03 },
    ]);
    expect(first!.attributes).toMatchObject({ 'browser.web_vital.id': 'v5-1-2', 'browser.web_vital.value': 0.05, 'browser.web_vital.delta': 0.05 });
    expect(again!.attributes).toMatchObject({ 'browser.web_vital.id': 'v5-1-2', 'browser.web_vital.value': 0.08, 'browser.web_vital.delta': 0.03 });
  });
});

describe('tracer core: batches carry no state from one to the next', () => {
  const vitals = (from: number, count: number): PageEvent[] =>
    Array.from({ length: count }, (_, i) => ({
      type: 'vital',
      name: 'LCP',
      value: 1,
      rating: 'good',
      navigationType: 'navigate',
      time: 1,
      view: 0,
      attribution: Object.fromEntries(Array.from({ length: 16 }, (_, k) => [`k${from + i * 16 + k}`, k])),
    }));

  it("ships in each batch only the attribute keys its spans use", async () => {
    const tracer = await Tracer.load('background');
    const first = tracer.toBatch(page(), vitals(0, 1));
    const second = tracer.toBatch(page(), [events[1]!]);
    expect(first.keys).toContain('spanlight.web_vital.attribution.k0');
    expect(second.keys.sort()).toEqual(['ui.event.type', 'ui.target']);
  });

  it('still writes batches every decoder takes after one page used thousands of distinct keys', async () => {
    const tracer = await Tracer.load('background');
    // 4,000 distinct keys across batches of one writer (the background's, shared by tabs).
    for (let b = 0; b < 10; b++) expect(toSpans(tracer, page(), vitals(b * 400, 25)).spans).toHaveLength(25);
    const [click] = spansOf(tracer, page(), [events[1]!]);
    expect(click!.attributes).toEqual({ 'ui.event.type': 'click', 'ui.target': 'button#buy' });
  });
});
