/**
 * Properties of the WASM tracer core over random event streams (fast-check): ids, parents, times,
 * nothing lost or duplicated, sampling, limits and redaction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../src/protocol/bridge';
import type { PageEvent } from '../src/protocol/page';
import { StatusCode, type SpanRecord } from '../src/protocol/span';
import { navigationPhases } from '../src/tracer/navigation-phases';
import { traceSampled } from '../src/tracer/sampling';
import { DEFAULT_TRACER_CONFIG } from '../src/tracer/span-writer';
import { Tracer, toSpans } from '../src/tracer/tracer';

const tracer = await Tracer.load('content');
const RUNS = 300;

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const validId = (bytes: number) => hex(bytes).filter((h) => /[1-9a-f]/.test(h));

const page = fc.record({
  traceId: validId(16),
  rootSpanId: validId(8),
  timeOrigin: fc.double({ min: 1.6e12, max: 1.9e12, noNaN: true }),
  url: fc.constant('https://shop.example/'),
}) satisfies fc.Arbitrary<PageContext>;

const time = fc.double({ min: 0, max: 600_000, noNaN: true });
/** A secret that must never come out of the core: only ever the value of a secret-named parameter. */
const SECRET = 'S3CRETVALUE';
const secretNames = ['token', 'api_key', 'Password', 'session_id', 'code', 'access_token', 'Authorization', 'x-sig'];
const publicNames = ['q', 'page', 'lang', 'id', 'utm_source'];
const param = fc.oneof(
  fc.constantFrom(...secretNames).map((n) => `${n}=${SECRET}`),
  fc.constantFrom(...publicNames).map((n) => `${n}=public`),
);
const url = fc
  .tuple(
    fc.constantFrom('https://a.example', 'http://b.test:8080', `https://me:${SECRET}@c.example`),
    fc.constantFrom('/', '/api/items', '/ü/x'),
    fc.array(param, { maxLength: 4 }),
    fc.option(fc.array(param, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  )
  .map(([origin, path, query, fragment]) => `${origin}${path}${query.length ? `?${query.join('&')}` : ''}${fragment ? `#${fragment.join('&')}` : ''}`);

const span = (start: number, duration: number) => ({ start, end: start + duration });
const duration = fc.oneof(fc.double({ min: -5, max: 5000, noNaN: true }), fc.constant(0));
const event: fc.Arbitrary<PageEvent> = fc.oneof(
  fc.record({ u: url, t: time, d: duration, status: fc.constantFrom(0, 200, 404, 503), error: fc.option(fc.constantFrom('AbortError', 'NetworkError'), { nil: undefined }) }).map(
    ({ u, t, d, status, error }): PageEvent => ({ type: 'http', api: 'fetch', method: 'GET', url: u, ...span(t, d), status, ...(error ? { error } : {}) }),
  ),
  fc.record({ t: time, d: duration, target: fc.string({ maxLength: 40 }) }).map(({ t, d, target }): PageEvent => ({ type: 'interaction', event: 'click', ...span(t, d), target })),
  fc.record({ t: time, message: fc.string({ maxLength: 80 }), file: url }).map(({ t, message, file }): PageEvent => ({ type: 'error', kind: 'error', time: t, errorType: 'TypeError', message, file, line: 3 })),
  fc.record({ u: url, t: time, d: duration }).map(({ u, t, d }): PageEvent => ({ type: 'resource', initiatorType: 'img', url: u, ...span(t, d), renderBlocking: false, transferSize: 10, encodedBodySize: 5, decodedBodySize: 5 })),
  fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }), t: time, d: duration }).map(({ name, t, d }): PageEvent => ({ type: 'measure', name, ...span(t, d) })),
  fc.record({ u: url, t: time, d: duration }).map(({ u, t, d }): PageEvent => ({ type: 'long-frame', kind: 'frame', ...span(t, d), blockingDuration: 20, scripts: 1, script: { duration: 30, invoker: 'x', source: u, function: 'f' } })),
);
const pageLoad: fc.Arbitrary<PageEvent> = fc
  .array(time, { minLength: 4, maxLength: 4 })
  .map((t) => t.sort((a, b) => a - b))
  .map(([a, b, c, d]) => ({ type: 'page-load', navigationType: 'navigate', marks: { fetchStart: 0, requestStart: a, responseStart: b, responseEnd: b, domComplete: c, loadEventStart: c, loadEventEnd: d } }));

/** A stream of events of one page view: at most one root (its page load), anywhere. */
const stream = fc
  .tuple(fc.array(event, { maxLength: 400 }), fc.option(pageLoad, { nil: undefined }), fc.nat())
  .map(([events, load, at]) => (load ? events.toSpliced(at % (events.length + 1), 0, load) : events));

const spansPerEvent = (e: PageEvent) => (e.type === 'page-load' ? 1 + navigationPhases(e.marks).length : 1);
const ns = ([s, n]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(n);
const strings = (s: SpanRecord) => [s.name, s.status.message ?? '', ...Object.values(s.attributes).map(String), s.pageUrl];

describe('tracer core properties', () => {
  it('keeps every span once, with valid unique ids, parents present or remote, and start <= end', () => {
    fc.assert(
      fc.property(page, stream, (ctx, events) => {
        tracer.configure(DEFAULT_TRACER_CONFIG);
        const { spans, sampledOut } = toSpans(tracer, ctx, events);
        expect(sampledOut).toBe(0);
        expect(spans).toHaveLength(events.reduce((n, e) => n + spansPerEvent(e), 0));
        const ids = new Set(spans.map((s) => s.spanId));
        expect(ids.size).toBe(spans.length);
        for (const s of spans) {
          expect(s.traceId).toBe(ctx.traceId);
          expect(s.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
          // The page view's root may be in another batch: a remote parent.
          if (s.parentSpanId) expect(ids.has(s.parentSpanId) || s.parentSpanId === ctx.rootSpanId).toBe(true);
          else expect(s.spanId).toBe(ctx.rootSpanId);
          expect(ns(s.start) <= ns(s.end)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never lets a secret out: userinfo and secret-named parameters are redacted, others kept', () => {
    fc.assert(
      fc.property(page, stream, url, (ctx, events, pageUrl) => {
        tracer.configure(DEFAULT_TRACER_CONFIG);
        const { spans } = toSpans(tracer, { ...ctx, url: pageUrl }, events);
        for (const s of spans) for (const text of strings(s)) expect(text).not.toContain(SECRET);
        const urls = events.flatMap((e) => ('url' in e ? [e.url] : []));
        // The root span's url.full is the page URL, not an event's.
        const kept = spans.flatMap((s) => (s.parentSpanId && typeof s.attributes['url.full'] === 'string' ? [s.attributes['url.full']] : []));
        const publicCount = (list: string[]) => list.join(' ').split('=public').length - 1;
        expect(publicCount(kept)).toBe(publicCount(urls));
      }),
      { numRuns: RUNS },
    );
  });

  it('samples page views by trace id exactly as the page side decides the traceparent flag', () => {
    fc.assert(
      fc.property(page, fc.double({ min: 0, max: 1, noNaN: true }), (ctx, ratio) => {
        tracer.configure({ ...DEFAULT_TRACER_CONFIG, sampleRatio: ratio });
        expect(tracer.writer.begin(ctx)).toBe(traceSampled(ctx.traceId, ratio));
        tracer.writer.finish();
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps in an unsampled page view only its root, errors and slow spans, and counts the rest', () => {
    fc.assert(
      fc.property(page, stream, fc.integer({ min: 1, max: 3000 }), (ctx, events, slowMs) => {
        tracer.configure({ ...DEFAULT_TRACER_CONFIG, sampleRatio: 0, slowMs });
        const { spans, sampledOut } = toSpans(tracer, ctx, events);
        const all = events.reduce((n, e) => n + spansPerEvent(e), 0);
        expect(spans.length + sampledOut).toBe(all);
        for (const s of spans) {
          const keep = !s.parentSpanId || s.status.code === StatusCode.ERROR || ns(s.end) - ns(s.start) >= BigInt(slowMs) * 1_000_000n;
          expect(keep).toBe(true);
        }
        const errors = events.filter((e) => e.type === 'error').length;
        expect(spans.filter((s) => s.name === 'exception')).toHaveLength(errors);
      }),
      { numRuns: RUNS },
    );
  });

  it('applies the attribute count and length limits, counting what it drops', () => {
    fc.assert(
      fc.property(page, stream, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 30 }), (ctx, events, maxAttributes, maxValueLength) => {
        tracer.configure(DEFAULT_TRACER_CONFIG);
        const full = toSpans(tracer, ctx, events).spans;
        tracer.configure({ ...DEFAULT_TRACER_CONFIG, maxAttributes, maxValueLength });
        const limited = toSpans(tracer, ctx, events).spans;
        expect(limited).toHaveLength(full.length);
        limited.forEach((s, i) => {
          const before = Object.entries(full[i]!.attributes);
          const after = Object.entries(s.attributes);
          expect(after.length).toBe(Math.min(before.length, maxAttributes));
          expect(s.droppedAttributes ?? 0).toBe(before.length - after.length);
          after.forEach(([key, value], j) => {
            expect(key).toBe(before[j]![0]);
            if (typeof value === 'string') {
              const original = before[j]![1] as string;
              expect(original.startsWith(value)).toBe(true);
              expect(value.length).toBeLessThanOrEqual(maxValueLength);
            } else expect(value).toBe(before[j]![1]);
          });
        });
      }),
      { numRuns: 200 },
    );
    tracer.configure(DEFAULT_TRACER_CONFIG);
  });
});
