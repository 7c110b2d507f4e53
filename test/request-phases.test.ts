/**
 * A request's phases in the viewer: derived from its Resource Timing span events (ours, or an
 * OpenTelemetry web SDK's), or a page load's phase children; drawn as segments of its bar; listed
 * in the span detail with its protocol and cache.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { drawBar } from '../components/viewer/draw-bar';
import { SpanDetail } from '../components/viewer/SpanDetail';
import { parseOtlpFile } from '../src/otlp/read-file';
import { RESOURCE_MARKS, type PageEvent } from '../src/protocol/page';
import type { HrTime, SpanRecord } from '../src/protocol/span';
import { barSegments, MIN_PHASED_WIDTH, SEGMENT_STYLE } from '../src/viewer/phase-bar';
import { fromCache, networkSummary, protocolOf } from '../src/viewer/network';
import { requestPhases, type RequestPhase } from '../src/viewer/request-phases';
import { layoutTrace, type TraceLayout } from '../src/viewer/trace';
import { PAGE, spansOf } from './support/page-events';
import { timedSpan } from './support/spans';
import { useViewerDom } from './support/viewer-dom';

/** makeSpan's instant, in ns: times below are ms after it. */
const T0 = 1_732_172_400_000_000_000n;
const at = (ms: number): HrTime => {
  const ns = T0 + BigInt(Math.round(ms * 1e6));
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
};

type Marks = Partial<Record<(typeof RESOURCE_MARKS)[number], number>>;

/** A page's root at 0 (1000 ms) and a request under it from `start` for `length` ms with `marks` (ms after the root's start) as events. */
function trace(start: number, length: number, marks: Marks, fields: Partial<SpanRecord> = {}): TraceLayout {
  const root = timedSpan(0, 1000, { name: 'documentLoad', spanId: '1'.repeat(16), attributes: {} });
  delete root.parentSpanId;
  const request = timedSpan(start, length, {
    traceId: root.traceId,
    parentSpanId: root.spanId,
    name: 'resourceFetch',
    attributes: { 'url.full': 'https://shop.example/app.js', 'spanlight.resource.initiator_type': 'script' },
    events: Object.entries(marks).map(([name, ms]) => ({ name, time: at(ms) })),
    ...fields,
  });
  return layoutTrace([root, request]);
}

const phasesOf = (layout: TraceLayout, row = 1) => requestPhases(layout, row).map((p) => [p.name, +p.start.toFixed(6), +p.end.toFixed(6)]);

/** A same-origin request with a redirect, a new connection and TLS. */
const FULL: Marks = { redirectStart: 100, redirectEnd: 110, fetchStart: 111, domainLookupStart: 112, domainLookupEnd: 120, connectStart: 120, secureConnectionStart: 125, connectEnd: 140, requestStart: 142, responseStart: 190, responseEnd: 230 };

describe('request phases', () => {
  it('follow DevTools: redirect, DNS, connection, TLS, queued and sent, waiting (TTFB), download', () => {
    expect(phasesOf(trace(100, 130, FULL))).toEqual([
      ['redirect', 100, 110],
      ['dns', 112, 120],
      ['connect', 120, 125],
      ['tls', 125, 140],
      ['request', 140, 142],
      ['wait', 142, 190],
      ['download', 190, 230],
    ]);
  });

  it('are none where a cross-origin server hides the marks (only fetchStart and responseEnd)', () => {
    expect(phasesOf(trace(100, 130, { fetchStart: 100, responseEnd: 230 }))).toEqual([]);
    expect(phasesOf(trace(100, 130, {}))).toEqual([]);
  });

  it('leave out an empty DNS lookup or connection (a reused one), keep a queue, TTFB or download of 0', () => {
    const reused = { fetchStart: 100, domainLookupStart: 100, domainLookupEnd: 100, connectStart: 100, connectEnd: 100, requestStart: 104, responseStart: 104, responseEnd: 104 };
    expect(phasesOf(trace(100, 10, reused))).toEqual([
      ['request', 100, 104],
      ['wait', 104, 104],
      ['download', 104, 104],
    ]);
    // No connection marks at all: queued from fetchStart.
    expect(phasesOf(trace(100, 30, { fetchStart: 101, requestStart: 105, responseStart: 120, responseEnd: 130 }))).toEqual([
      ['request', 101, 105],
      ['wait', 105, 120],
      ['download', 120, 130],
    ]);
    // Sent the moment the connection was ready (Firefox's clock, on loopback): still a phase.
    expect(phasesOf(trace(100, 30, { fetchStart: 100, domainLookupStart: 100, domainLookupEnd: 102, connectStart: 102, connectEnd: 102, requestStart: 102, responseStart: 120, responseEnd: 130 }))).toEqual([
      ['dns', 100, 102],
      ['request', 102, 102],
      ['wait', 102, 120],
      ['download', 120, 130],
    ]);
  });

  it('clamp hostile or out-of-order marks into the bar, in order, never overlapping', () => {
    const hostile = { fetchStart: 100, domainLookupStart: 130, domainLookupEnd: 110, connectStart: 120, connectEnd: 125, requestStart: 1e12, responseStart: 140, responseEnd: 1e13 };
    const layout = trace(100, 50, hostile);
    const phases = requestPhases(layout, 1);
    const row = layout.rows[1]!;
    let cursor = row.start;
    for (const p of phases) {
      expect(p.start).toBeGreaterThanOrEqual(cursor);
      expect(p.end).toBeGreaterThanOrEqual(p.start);
      expect(p.end).toBeLessThanOrEqual(row.end);
      cursor = p.end;
    }
    // DNS ends before it starts: empty, left out. The request went after the bar's end: clamped to it,
    // and the response, which came before it, follows it there.
    expect(phasesOf(layout)).toEqual([
      ['connect', 120, 125],
      ['request', 125, 150],
      ['wait', 150, 150],
      ['download', 150, 150],
    ]);
  });

  it('take a mark before fetchStart as missing (an SDK that sent the API’s 0 as the time origin)', () => {
    // An older OpenTelemetry web SDK adds an event for each mark, 0 ones at the page's time origin.
    const zeros = { fetchStart: 100, domainLookupStart: -900, domainLookupEnd: -900, connectStart: -900, connectEnd: -900, requestStart: -900, responseStart: -900, responseEnd: 130 };
    expect(phasesOf(trace(100, 30, zeros))).toEqual([]);
  });

  it('read a span an OpenTelemetry web SDK exported, its events named as ours', () => {
    const ns = (ms: number) => String(T0 + BigInt(ms * 1e6));
    const events = Object.entries(FULL)
      .filter(([name]) => !name.startsWith('redirect'))
      .map(([name, ms]) => ({ name, timeUnixNano: ns(ms) }));
    const file = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] },
          scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-fetch' }, spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'HTTP GET', kind: 3, startTimeUnixNano: ns(111), endTimeUnixNano: ns(230), attributes: [{ key: 'http.url', value: { stringValue: 'https://api.example/x' } }, { key: 'http.method', value: { stringValue: 'GET' } }], events }] }],
        },
      ],
    });
    const layout = layoutTrace(parseOtlpFile(file));
    expect(phasesOf(layout, 0).map((p) => p[0])).toEqual(['dns', 'connect', 'tls', 'request', 'wait', 'download']);
    expect(phasesOf(layout, 0).at(-1)).toEqual(['download', 79, 119]);
  });

  it('of a page load: from its marks, or from its phase children where it has no marks', async () => {
    const load: PageEvent = {
      type: 'page-load',
      navigationType: 'navigate',
      marks: { fetchStart: 2, domainLookupStart: 3, domainLookupEnd: 5, connectStart: 5, secureConnectionStart: 6, connectEnd: 9, requestStart: 10, responseStart: 40, responseEnd: 50, domComplete: 200, loadEventStart: 200, loadEventEnd: 201 },
    };
    const spans = await spansOf(PAGE, [load]);
    const expected = [
      ['dns', 3, 5],
      ['connect', 5, 6],
      ['tls', 6, 9],
      ['request', 9, 10],
      ['wait', 10, 40],
      ['download', 40, 50],
    ];
    expect(phasesOf(layoutTrace(spans), 0)).toEqual(expected);
    const bare = spans.map((s) => (s.name === 'documentLoad' ? { ...s, events: [] } : s));
    const layout = layoutTrace(bare);
    expect(layout.rows[0]!.span.name).toBe('documentLoad');
    // The children carry no fetchStart: queued-and-sent starts at the connection's end all the same.
    expect(phasesOf(layout, 0)).toEqual(expected);
  });
});

describe('phase bar', () => {
  const phases: RequestPhase[] = [
    { name: 'dns', start: 12, end: 20 },
    { name: 'wait', start: 25, end: 40 },
    { name: 'download', start: 40, end: 40 },
  ];

  it('tiles the bar: queued before and between phases, the plain bar after the last', () => {
    expect(barSegments(10, 60, phases)).toEqual([
      { kind: 'queue', from: 10, to: 12 },
      { kind: 'dns', from: 12, to: 20 },
      { kind: 'queue', from: 20, to: 25 },
      { kind: 'wait', from: 25, to: 40 },
      { kind: 'rest', from: 40, to: 60 },
    ]);
    expect(barSegments(10, 60, [])).toEqual([{ kind: 'rest', from: 10, to: 60 }]);
    expect(barSegments(10, 10, [{ name: 'wait', start: 10, end: 10 }])).toEqual([{ kind: 'rest', from: 10, to: 10 }]);
  });

  it('is drawn in its segments, waiting lighter than downloading, a narrow bar whole', () => {
    const rects: { x: number; y: number; w: number; h: number; alpha: number }[] = [];
    const fake = { globalAlpha: 0.5, fillRect: (x: number, y: number, w: number, h: number) => rects.push({ x, y, w, h, alpha: fake.globalAlpha }) };
    const ctx = fake as unknown as CanvasRenderingContext2D;
    const layout = trace(100, 130, FULL);
    drawBar(ctx, layout, 1, (ms) => ms, 5, 12);
    expect(rects.map((r) => r.x)).toEqual([100, 110, 112, 120, 125, 140, 142, 190]);
    const wait = rects[6]!;
    const download = rects[7]!;
    expect([wait.w, download.w]).toEqual([48, 40]);
    expect(wait.alpha).toBeLessThan(download.alpha);
    expect(download).toMatchObject({ y: 5, h: 12, alpha: 0.5 });
    // A connection segment is thinner than the bar, inside it.
    expect(rects[3]!.y).toBeGreaterThan(5);
    expect(rects[3]!.y + rects[3]!.h).toBeLessThan(17);
    expect(ctx.globalAlpha).toBe(0.5);
    // The queue between the redirect and DNS is the thinnest.
    expect(rects[1]!.h).toBeCloseTo(12 * (1 - 2 * SEGMENT_STYLE.queue.inset));
    rects.length = 0;
    drawBar(ctx, layout, 1, (ms) => (ms * (MIN_PHASED_WIDTH - 1)) / 130, 5, 12);
    expect(rects).toHaveLength(1);
  });
});

describe('request facts', () => {
  const span = (attributes: SpanRecord['attributes']) => timedSpan(0, 1, { name: 'resourceFetch', attributes: { 'url.full': 'https://a.example/x.js', 'spanlight.resource.initiator_type': 'script', ...attributes } });

  it('tell a cache hit from its sizes, and nothing where the sizes are hidden', () => {
    expect(fromCache(span({ 'http.response.size': 0, 'spanlight.response.decoded_body_size': 500 }))).toBe(true);
    expect(fromCache(span({ 'spanlight.response.cache_hit': true }))).toBe(true);
    expect(fromCache(span({ 'http.response.size': 300, 'spanlight.response.decoded_body_size': 500 }))).toBe(false);
    expect(fromCache(span({ 'http.response.size': 0, 'spanlight.response.decoded_body_size': 0, 'spanlight.response.cache_hit': false }))).toBeUndefined();
    expect(fromCache(span({}))).toBeUndefined();
    expect(networkSummary(span({ 'http.response.size': 0, 'http.response.body.size': 500 }))?.size).toBe('(cache)');
  });

  it('name the protocol as Resource Timing does', () => {
    expect(protocolOf(span({ 'network.protocol.name': 'http', 'network.protocol.version': '2' }))).toBe('h2');
    expect(protocolOf(span({ 'network.protocol.version': '1.1' }))).toBe('http/1.1');
    expect(protocolOf(span({ 'network.protocol.version': '<b>2</b>' }))).toBeUndefined();
    expect(protocolOf(span({}))).toBeUndefined();
  });
});

describe('request timing in the span detail', () => {
  const dom = useViewerDom();

  it('lists the phases with their start and duration, the protocol and the cache', async () => {
    const layout = trace(100, 130, FULL, {});
    const request = layout.rows[1]!;
    Object.assign(request.span.attributes, { 'network.protocol.name': 'http', 'network.protocol.version': '2', 'http.response.size': 0, 'spanlight.response.decoded_body_size': 800 });
    await act(() => render(h(SpanDetail, { row: request, t0: layout.t0, phases: requestPhases(layout, 1), onClose: () => undefined }), dom.root));
    const rows = [...dom.root.querySelectorAll('[data-testid="request-phase"]')].map((tr) => [tr.querySelector('th')!.textContent!.trim(), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]);
    expect(rows).toEqual([
      ['Redirect', '+0.00 ms', '10.0 ms'],
      ['DNS lookup', '+12.0 ms', '8.0 ms'],
      ['Initial connection', '+20.0 ms', '5.0 ms'],
      ['TLS', '+25.0 ms', '15.0 ms'],
      ['Queued and sent', '+40.0 ms', '2.0 ms'],
      ['Waiting (TTFB)', '+42.0 ms', '48.0 ms'],
      ['Content download', '+90.0 ms', '40.0 ms'],
    ]);
    expect(dom.root.querySelector('[data-testid="request-protocol"]')!.textContent).toBe('h2');
    expect(dom.root.querySelector('[data-testid="request-cache"]')!.textContent).toBe('from the HTTP cache');
  });

  it('shows no network section for a span that is no request', async () => {
    const layout = layoutTrace([timedSpan(0, 5, { name: 'click', attributes: {} })]);
    await act(() => render(h(SpanDetail, { row: layout.rows[0]!, t0: layout.t0, phases: requestPhases(layout, 0), onClose: () => undefined }), dom.root));
    expect(dom.root.querySelector('[data-testid="request-timing"]')).toBeNull();
  });
});
