/**
 * Every decoder and validator of untrusted input, fuzzed with fast-check: 100,000 generated
 * inputs each, half of them anything at all, half a valid message with one field (at any depth)
 * replaced by anything, removed, or given a `__proto__` payload. No input may throw, pollute a
 * prototype, or give an output that its own decoder would read differently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaptureConfig } from '../src/capture-config';
import { parseBridgeMessage } from '../src/protocol/bridge';
import { parsePageBatch, parsePageEvent } from '../src/protocol/page';
import { parseSpanRecord, parseUiRequest } from '../src/protocol/ui';
import { captureConfig, normalizeSettings } from '../src/settings';
import { Tracer } from '../src/tracer/tracer';

const RUNS = 100_000;
const TIMEOUT = 120_000;

// What can reach a decoder arrives by JSON, structured clone or the extension's messaging: no
// functions, getters or proxies, but own `__proto__` keys and null prototypes, yes.
const POISON = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"toString": "not a function", "hasOwnProperty": 1, "length": 1e300}'),
  Object.create(null),
];

type Path = (string | number)[];

/** Every path to a value inside `value` (objects and arrays), the root included. */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

/** `valid` with the value at `path` replaced by `replacement`, or removed when it is `REMOVE`. */
const REMOVE = Symbol('remove');
function mutate(valid: unknown, path: Path, replacement: unknown): unknown {
  if (!path.length) return replacement === REMOVE ? undefined : replacement;
  const copy = structuredClone(valid) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === REMOVE) delete at[last];
  else at[last] = replacement;
  return copy;
}

/** Anything, or `valid` with one field replaced, removed or poisoned. */
function inputs(...valid: unknown[]): fc.Arbitrary<unknown> {
  const near = fc.constantFrom(...valid).chain((v) =>
    fc
      .tuple(fc.constantFrom(...pathsOf(v)), fc.oneof(fc.anything({ maxDepth: 2 }), fc.constant(REMOVE), fc.constantFrom(...POISON)))
      .map(([path, replacement]) => mutate(v, path, replacement)),
  );
  return fc.oneof(fc.anything({ maxDepth: 3, withNullPrototype: true }), near);
}

/** Runs `check` over RUNS inputs; fails on any exception or prototype pollution. */
function fuzz(arbitrary: fc.Arbitrary<unknown>, check: (input: unknown) => void): void {
  fc.assert(fc.property(arbitrary, check), { numRuns: RUNS });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** The same once written as JSON (where -0 and 0 are one). */
const expectSame = (a: unknown, b: unknown) => expect(JSON.stringify(a)).toBe(JSON.stringify(b));

const http = { type: 'http', api: 'fetch', method: 'GET', url: 'https://a.example/', start: 1, end: 2, status: 200, transferSize: 3, encodedBodySize: 2, decodedBodySize: 2, view: 0 };
const pageEvents = [
  http,
  { type: 'interaction', event: 'click', start: 1, end: 2, target: 'a#b', key: 'Enter', view: 1 },
  { type: 'error', kind: 'unhandledrejection', time: 3, errorType: 'Error', message: 'm', stack: 's', file: 'f.js', line: 1, column: 2 },
  { type: 'page-load', navigationType: 'reload', marks: { fetchStart: 1, responseStart: 4, loadEventEnd: 9 } },
  { type: 'vital', name: 'LCP', value: 12, rating: 'good', navigationType: 'navigate', time: 4, attribution: { target: '#x', resourceLoadDelay: 1 }, view: 0 },
  { type: 'long-frame', kind: 'frame', start: 1, end: 90, blockingDuration: 40, scripts: 1, script: { duration: 50, invoker: 'click', source: 'a.js', function: 'f' } },
  { type: 'route', trigger: 'pushState', url: 'https://a.example/b', time: 5, traceId: '0af7651916cd43dd8448eb211c80319c', view: 2 },
  { type: 'measure', name: 'checkout', start: 1, end: 3, detail: 'cart' },
  { type: 'resource', initiatorType: 'img', url: 'https://a.example/i.png', start: 1, end: 2, renderBlocking: false, transferSize: 0, encodedBodySize: 0, decodedBodySize: 0 },
  { type: 'resource', initiatorType: 'script', url: 'https://a.example/a.js', start: 1, end: 9, renderBlocking: true, transferSize: 9, encodedBodySize: 5, decodedBodySize: 7, timing: [0, 0, 1, 1, 2, 2, 0, 3, 3.5, 6, 9] },
  { ...http, timing: [1, 1.5, 1.5, 0, 0, 0, 0, 0, 1.5, 1.75, 2] },
];
const page = { traceId: '0af7651916cd43dd8448eb211c80319c', rootSpanId: 'b7ad6b7169203331', timeOrigin: 1_700_000_000_000, url: 'https://a.example/' };
const span = {
  traceId: page.traceId,
  spanId: '00f067aa0ba902b7',
  parentSpanId: page.rootSpanId,
  name: 'GET',
  kind: 2,
  start: [1_700_000_000, 5],
  end: [1_700_000_001, 0],
  status: { code: 2, message: 'failed' },
  attributes: { 'url.full': 'https://a.example/', 'http.response.status_code': 500, ok: false },
  events: [{ name: 'e', time: [1_700_000_000, 9], attributes: { a: 1 } }],
  pageUrl: page.url,
  droppedAttributes: 1,
  resource: { 'service.name': 'checkout' },
  scope: { name: '@opentelemetry/instrumentation-fetch', version: '0.57.0' },
};

describe('decoders and validators under 100,000 generated inputs each', () => {
  it('page channel: events and batches', { timeout: TIMEOUT }, () => {
    fuzz(inputs(...pageEvents), (input) => {
      const event = parsePageEvent(input);
      if (event) expectSame(parsePageEvent(roundTrip(event)), event);
      const batch = parsePageBatch(input);
      expect(batch.events.every((e) => parsePageEvent(e))).toBe(true);
      if (Array.isArray(input) && input.length <= 1000) expect(batch.events.length + batch.dropped).toBe(input.length);
    });
  });

  it('bridge channel: span batches and page events', { timeout: TIMEOUT }, async () => {
    const tracer = await Tracer.load('content');
    const spans = { type: 'spans', seq: 1, batch: 'a1b2c3d4e5f60718', dropped: 0, data: tracer.toBatch(page, pageEvents.map((e) => parsePageEvent(e)!)) };
    const events = { type: 'events', seq: 2, batch: 'a1b2c3d4e5f60719', dropped: 1, page, events: pageEvents };
    fuzz(inputs(roundTrip(spans), events), (input) => {
      const message = parseBridgeMessage(input);
      if (message?.type === 'spans') for (const s of message.spans) expect(parseSpanRecord(roundTrip(s))).toBeDefined();
      if (message?.type === 'events') expect(message.events.every((e) => parsePageEvent(e))).toBe(true);
    });
  });

  it('UI channel: requests and imported spans', { timeout: TIMEOUT }, () => {
    const imported = { type: 'import-spans', key: 'import:a', spans: [span] };
    fuzz(inputs(imported, { type: 'test-connection', export: { endpoint: 'http://localhost:4318/v1/traces' } }, { type: 'import-undo', keys: ['import:a'] }), (input) => {
      const request = parseUiRequest(input);
      if (request?.type === 'import-spans') for (const s of request.spans) expectSame(parseSpanRecord(roundTrip(s)), s);
      const record = parseSpanRecord(input);
      if (record) expectSame(parseSpanRecord(roundTrip(record)), record);
    });
  });

  it('stored settings and the content scripts config', { timeout: TIMEOUT }, () => {
    const stored = {
      version: 1,
      export: { endpoint: 'http://localhost:4318/v1/traces', headers: { a: 'b' }, batchSpans: 100 },
      capture: { offSites: ['bank.example'], consoleErrors: true },
      redaction: { emails: false, digits: true, patterns: ['id=\\d+'] },
      propagation: { sameOrigin: true, origins: ['https://*.a.example'] },
    };
    fuzz(inputs(stored, roundTrip(captureConfig(normalizeSettings(stored)))), (input) => {
      const settings = normalizeSettings(input);
      expectSame(normalizeSettings(roundTrip(settings)), settings);
      const config = parseCaptureConfig(input);
      expectSame(parseCaptureConfig(roundTrip(config)), config);
    });
  });
});
