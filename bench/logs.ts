/**
 * The logs signal's cost: deriving the OpenTelemetry browser events of stored spans and encoding
 * them as an OTLP logs request, beside encoding the same spans as traces, interleaved run by run
 * (both protobuf, in Node's V8, the engine the background runs them in). Events are derived at
 * export rather than stored beside the spans: this is what that costs per span exported.
 * `npx tsx bench/logs.ts` runs this section alone.
 */
import type { SpanRecord } from '../src/protocol/span';
import { encodeSpans } from '../src/otlp/encode';
import { encodeLogs } from '../src/otlp/encode-logs';
import { spansToEvents } from '../src/otlp/events';
import type { Row } from './report';

const INFO = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0', sdkVersion: '0.1.0' };
const MARKS = ['fetchStart', 'domainLookupStart', 'domainLookupEnd', 'connectStart', 'connectEnd', 'requestStart', 'responseStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventStart', 'domContentLoadedEventEnd', 'domComplete', 'loadEventStart', 'loadEventEnd'];

/** One page view as stored: its load, 3 vitals, a click, an error, 10 resources, 9 requests (7 events in all). */
function pageView(view: number): SpanRecord[] {
  const traceId = (view + 1).toString(16).padStart(32, '0');
  const root = (view * 100 + 1).toString(16).padStart(16, '0');
  const pageUrl = `https://shop.example/product/${view}`;
  const at = (ms: number): [number, number] => [1_700_000_000 + view, ms * 1e6];
  let n = 1;
  const span = (name: string, start: number, end: number, attributes: SpanRecord['attributes'], parent: string | null = root): SpanRecord => ({
    traceId,
    spanId: (view * 100 + n++).toString(16).padStart(16, '0'),
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: name === 'GET' ? 2 : 0,
    start: at(start),
    end: at(end),
    status: { code: 0 },
    attributes: { ...attributes, 'session.id': 'ab'.repeat(16), 'spanlight.tab.id': 7 },
    events: [],
    pageUrl,
  });
  const load = { ...span('documentLoad', 0, 900, { 'url.full': pageUrl, 'browser.navigation.type': 'navigate' }, null), spanId: root };
  load.events = MARKS.map((name, i) => ({ name, time: at(i * 60) }));
  const vital = (name: string, value: number) => span(name.toUpperCase(), 0, value, { 'browser.web_vital.name': name, 'browser.web_vital.value': value, 'browser.web_vital.delta': value, 'browser.web_vital.id': `v5-${view}-${name}`, 'browser.web_vital.rating': 'good', 'browser.web_vital.navigation_type': 'navigate' });
  return [
    load,
    vital('ttfb', 120.5),
    vital('fcp', 410.25),
    vital('lcp', 812.75),
    span('click', 950, 970, { 'ui.event.type': 'click', 'ui.target': 'form.checkout > button#buy' }),
    span('exception', 980, 980, { 'exception.type': 'TypeError', 'exception.message': 'x is undefined', 'exception.stacktrace': 'TypeError: x is undefined\n    at render (https://shop.example/app.js:10:5)', 'spanlight.error.kind': 'error' }),
    ...Array.from({ length: 10 }, (_, i) => span('resourceFetch', 10 + i * 30, 60 + i * 30, { 'url.full': `https://cdn.shop.example/assets/${i}.js`, 'spanlight.resource.initiator_type': 'script', 'http.response.size': 10_000 + i })),
    ...Array.from({ length: 9 }, (_, i) => span('GET', 300 + i * 50, 340 + i * 50, { 'http.request.method': 'GET', 'url.full': `https://api.shop.example/items?page=${i}`, 'http.response.status_code': 200 })),
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const range = (xs: number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const time = (run: () => unknown) => {
  const started = performance.now();
  run();
  return performance.now() - started;
};

/** Rows: µs per span of each, and the logs' cost as a share of the traces', over `runs` interleaved runs of `views` page views. */
export function benchLogs(views: number, runs: number): Row[] {
  const spans = Array.from({ length: views }, (_, i) => pageView(i)).flat();
  const traces = () => encodeSpans(spans, 'http/protobuf', INFO);
  const logs = () => encodeLogs(spansToEvents(spans), 'http/protobuf', INFO);
  for (let i = 0; i < 3; i++) [traces(), logs()];
  const t: number[] = [];
  const l: number[] = [];
  for (let run = 0; run < runs; run++) {
    // In a random order each run: drift and warm-up fall on both.
    if (Math.random() < 0.5) [t[run], l[run]] = [time(traces), time(logs)];
    else [l[run], t[run]] = [time(logs), time(traces)];
  }
  const perSpan = (ms: number[]) => ms.map((x) => (x * 1000) / spans.length);
  const events = spansToEvents(spans).length;
  const ratios = t.map((x, i) => l[i]! / x);
  return [
    { what: `traces: encode ${spans.length.toLocaleString('en-US')} spans, µs per span`, value: range(perSpan(t), 2) },
    { what: `logs: derive ${events.toLocaleString('en-US')} events of them and encode, µs per span`, value: range(perSpan(l), 2) },
    { what: 'logs ÷ traces, run by run', value: range(ratios, 2), target: '≤ 1 (the traces’ own cost)' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report');
  printTable('Logs signal, in Node\'s V8 (median and range of 20 interleaved runs)', benchLogs(800, 20), 'measured');
}
