/**
 * One page view's events of every kind the page side and the bridge record, as the tracer core
 * takes them, and the spans the real core (WASM) makes of them with the background's stamps
 * (session, tab). Times are page-relative milliseconds; the page's time origin is a whole
 * millisecond, so a span's offset from it is exact.
 */
import type { PageContext } from '../../src/protocol/bridge';
import type { PageEvent } from '../../src/protocol/page';
import type { SpanRecord } from '../../src/protocol/span';
import { Tracer, toSpans } from '../../src/tracer/tracer';

export const PAGE: PageContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  rootSpanId: '00f067aa0ba902b7',
  timeOrigin: 1_732_172_400_000,
  url: 'https://shop.example/cart?token=abc#top',
};

/** The page URL as the core redacts it (the URL spans and events carry). */
export const PAGE_URL = 'https://shop.example/cart?token=REDACTED#top';

export const SESSION = '0123456789abcdef0123456789abcdef';

export const PAGE_EVENTS: PageEvent[] = [
  {
    type: 'page-load',
    navigationType: 'reload',
    marks: {
      fetchStart: 2.5,
      domainLookupStart: 3,
      domainLookupEnd: 4.25,
      connectStart: 4.25,
      secureConnectionStart: 5,
      connectEnd: 9,
      requestStart: 9.5,
      responseStart: 40,
      responseEnd: 52.75,
      domInteractive: 120,
      domContentLoadedEventStart: 121,
      domContentLoadedEventEnd: 123.5,
      domComplete: 200,
      loadEventStart: 200.25,
      loadEventEnd: 201,
    },
  },
  {
    type: 'resource',
    initiatorType: 'script',
    url: 'https://cdn.example/app.js',
    start: 60,
    end: 95.5,
    renderBlocking: true,
    transferSize: 10_300,
    encodedBodySize: 10_000,
    decodedBodySize: 31_000,
    protocol: 'h2',
  },
  { type: 'vital', name: 'LCP', value: 152, id: 'v5-1732172400000-1111111111111', delta: 152, rating: 'good', navigationType: 'reload', time: 300, attribution: { target: 'img#hero', resourceLoadDelay: 12 } },
  { type: 'vital', name: 'CLS', value: 0.25, id: 'v5-1732172400000-2222222222222', delta: 0.05, rating: 'needs-improvement', navigationType: 'back-forward-cache', time: 900, attribution: { largestShiftTime: 640.5, largestShiftValue: 0.2 } },
  { type: 'vital', name: 'INP', value: 180, id: 'v5-1732172400000-3333333333333', delta: -16, rating: 'poor', navigationType: 'navigate', time: 1300, attribution: { interactionTime: 1000, interactionTarget: 'button#buy' } },
  { type: 'interaction', event: 'click', start: 1000, end: 1004.5, target: 'main > form.checkout > button#buy', spanId: 'b7ad6b7169203331' },
  { type: 'interaction', event: 'keydown', start: 1100, end: 1101, target: 'input#q', key: 'Enter' },
  { type: 'http', api: 'fetch', method: 'POST', url: 'https://api.example/orders', start: 1001, end: 1040.25, status: 503, parent: 'b7ad6b7169203331', transferSize: 300, encodedBodySize: 0, decodedBodySize: 0 },
  { type: 'error', kind: 'unhandledrejection', time: 1050, errorType: 'TypeError', message: 'order is undefined', stack: 'TypeError: order is undefined\n    at submit (app.js:10:5)', file: 'https://cdn.example/app.js', line: 10, column: 5 },
  { type: 'error', kind: 'resource', time: 1060, errorType: 'ResourceError', message: 'img failed to load', file: 'https://cdn.example/missing.png' },
  { type: 'long-frame', kind: 'frame', start: 1100, end: 1190, blockingDuration: 40, scripts: 2, script: { duration: 70.5, invoker: 'BUTTON#buy.onclick', source: 'https://cdn.example/app.js', function: 'submit' } },
  { type: 'measure', name: 'checkout', start: 1000, end: 1200, detail: 3 },
];

/** The page view a route change begins: its own trace and root, the new URL. */
export const ROUTE_PAGE: PageContext = { ...PAGE, traceId: 'aaf92f3577b34da6a3ce929d0e0e4736', rootSpanId: 'aa0067aa0ba902b7', url: 'https://shop.example/cart#reviews' };

export const ROUTE_EVENTS: PageEvent[] = [
  { type: 'route', trigger: 'popstate', url: ROUTE_PAGE.url, time: 1500.5, traceId: ROUTE_PAGE.traceId, view: 1, hashChange: true },
];

/** The spans of `events` in the page view `page` as the background stores them (the core's, then session and tab). */
export async function spansOf(page: PageContext, events: readonly PageEvent[], tracer?: Tracer, tabId = 7): Promise<SpanRecord[]> {
  const { spans } = toSpans(tracer ?? (await Tracer.load('background')), page, events);
  for (const span of spans) {
    span.attributes['session.id'] = SESSION;
    span.attributes['spanlight.tab.id'] = tabId;
  }
  return spans;
}

/** The span id PAGE_EVENTS's click is given, and its request's parent. */
const CLICK_SPAN = 'b7ad6b7169203331';

/** Sites the page views of `pageViews` are on, in turn. */
const SITES = ['shop.example', 'news.example.org', 'app.example.com', 'docs.example.net'];

/**
 * `count` page views as the background stores them, on SITES in turn, three tabs: each with the
 * events above (a page load, vitals, interactions, a request, errors, a long frame, a measure) and
 * 10 more resources and 6 more requests of its own, 35 spans in all.
 */
export async function pageViews(count: number): Promise<SpanRecord[]> {
  const tracer = await Tracer.load('background');
  const spans: SpanRecord[] = [];
  for (let view = 0; view < count; view++) {
    const site = SITES[view % SITES.length]!;
    const hex = (n: number, length: number) => (view * 64 + n + 1).toString(16).padStart(length, '0');
    const page: PageContext = { traceId: hex(0, 32), rootSpanId: hex(0, 16), timeOrigin: PAGE.timeOrigin + view * 60_000, url: `https://${site}/product/${view}?ref=home&token=abc` };
    const more: PageEvent[] = [];
    for (let i = 0; i < 10; i++) {
      more.push({ type: 'resource', initiatorType: i % 3 ? 'img' : 'script', url: `https://cdn.${site}/assets/${view}/${i}.${i % 3 ? 'webp' : 'js'}`, start: 60 + i * 8, end: 90 + i * 9.25, renderBlocking: i === 0, transferSize: 4_000 + i, encodedBodySize: 3_700 + i, decodedBodySize: 9_000 + i, protocol: 'h2' });
    }
    for (let i = 0; i < 6; i++) {
      more.push({ type: 'http', api: i % 2 ? 'xhr' : 'fetch', method: 'GET', url: `https://api.${site}/v2/items?page=${i}&q=shoes`, start: 400 + i * 30, end: 430.5 + i * 31, status: 200, transferSize: 900 + i, encodedBodySize: 800, decodedBodySize: 2_400 });
    }
    // The click's span id, which its request names as its parent, is the view's own.
    const own = JSON.parse(JSON.stringify(PAGE_EVENTS).replaceAll(CLICK_SPAN, hex(1, 16))) as PageEvent[];
    spans.push(...(await spansOf(page, [...own, ...more], tracer, 7 + (view % 3))));
  }
  return spans;
}

/** Both page views' spans: the document's, then the route change's. */
export async function pageSpans(): Promise<SpanRecord[]> {
  return [...(await spansOf(PAGE, PAGE_EVENTS)), ...(await spansOf(ROUTE_PAGE, ROUTE_EVENTS))];
}
