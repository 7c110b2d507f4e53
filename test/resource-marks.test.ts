/**
 * A resource's or request's Resource Timing marks, from the entry to the exported span: the
 * bridge takes them as a compact array, the protocol refuses malformed ones, the tracer makes
 * span events of them named as OpenTelemetry's web instrumentations name them, and the OTLP
 * export carries those events.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PageContext } from '../src/protocol/bridge';
import { NAVIGATION_MARKS, RESOURCE_MARKS, parsePageBatch, parsePageEvent, parsePageSideBatch, type PageEvent } from '../src/protocol/page';
import { hrTimeToMs, type SpanRecord } from '../src/protocol/span';
import { encodeSpans } from '../src/otlp/encode';
import { withSpanEvents } from '../src/otlp/span-events';
import { randomHexId } from '../src/tracer/ids';
import { Tracer, toSpans } from '../src/tracer/tracer';
import { decodeJsonRequest, decodeProtobufRequest } from './support/otlp';

const timeline = vi.hoisted(() => ({ onEntries: undefined as undefined | ((entries: unknown[]) => void) }));
vi.mock('../src/observe/timeline', () => ({
  observeTimeline: (_types: string[], onEntries: (entries: unknown[]) => void) => {
    timeline.onEntries = onEntries;
    return { type: 'resource', takeRecords() {} };
  },
}));
const { ResourceTimings, entryFields } = await import('../src/observe/resources');

/** sdk-trace-web's addSpanNetworkEvents, in its order (PerformanceTimingNames). */
const OTEL_NETWORK_EVENTS = ['fetchStart', 'domainLookupStart', 'domainLookupEnd', 'connectStart', 'secureConnectionStart', 'connectEnd', 'requestStart', 'responseStart', 'responseEnd'];

/** A same-origin entry's marks (a redirect, a new TLS connection), in RESOURCE_MARKS order. */
const MARKS = { redirectStart: 10, redirectEnd: 12, fetchStart: 12.5, domainLookupStart: 13, domainLookupEnd: 15, connectStart: 15, secureConnectionStart: 16, connectEnd: 20, requestStart: 20.5, responseStart: 40.25, responseEnd: 55 };
const TIMING = RESOURCE_MARKS.map((mark) => MARKS[mark]);
/** A cross-origin entry without Timing-Allow-Origin: only its start and end. */
const HIDDEN = RESOURCE_MARKS.map((mark) => (mark === 'fetchStart' ? 12.5 : mark === 'responseEnd' ? 55 : 0));

function entry(fields: Partial<PerformanceResourceTiming> & Record<string, unknown>): PerformanceResourceTiming {
  const zeros = Object.fromEntries(RESOURCE_MARKS.map((mark) => [mark, 0]));
  return { name: 'https://a.example/app.js', initiatorType: 'script', startTime: 10, duration: 45, transferSize: 300, encodedBodySize: 200, decodedBodySize: 600, nextHopProtocol: 'h2', serverTiming: [], ...zeros, ...fields } as unknown as PerformanceResourceTiming;
}

const resource = (timing: unknown): Record<string, unknown> => ({ type: 'resource', initiatorType: 'script', url: 'https://a.example/app.js', start: 10, end: 55, renderBlocking: false, transferSize: 300, encodedBodySize: 200, decodedBodySize: 600, timing });
const http = (timing: unknown): Record<string, unknown> => ({ type: 'http', api: 'fetch', method: 'GET', url: 'https://a.example/api', start: 9, end: 56, status: 200, transferSize: 300, encodedBodySize: 200, decodedBodySize: 600, timing });

const page = (): PageContext => ({ traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: 1_732_172_400_000, url: 'https://a.example/' });

async function spansOf(events: PageEvent[]): Promise<{ ctx: PageContext; spans: SpanRecord[] }> {
  const ctx = page();
  return { ctx, spans: toSpans(await Tracer.load('content'), ctx, events).spans };
}

/** A span's events as [name, ms from the time origin]. */
const eventsOf = (span: SpanRecord, ctx: PageContext) => span.events.map((e) => [e.name, +(hrTimeToMs(e.time) - ctx.timeOrigin).toFixed(6)]);

describe('resource timing marks', () => {
  it('are the marks PerformanceResourceTiming has, in the order they happen, up to responseEnd', () => {
    expect(RESOURCE_MARKS).toEqual(NAVIGATION_MARKS.slice(0, NAVIGATION_MARKS.indexOf('responseEnd') + 1));
    // Every name OpenTelemetry's web instrumentations give a network event is one of them, in the same order.
    expect(RESOURCE_MARKS.filter((mark) => OTEL_NETWORK_EVENTS.includes(mark))).toEqual(OTEL_NETWORK_EVENTS);
  });

  it('go from an entry as numbers in that order, 0 for what the entry hides', () => {
    expect(entryFields(entry(MARKS)).timing).toEqual(TIMING);
    expect(entryFields(entry({ fetchStart: 12.5, responseEnd: 55 })).timing).toEqual(HIDDEN);
    // A mark a browser does not have, or reports oddly, is 0 rather than a number the parse refuses.
    const odd = entryFields(entry({ ...MARKS, secureConnectionStart: undefined, connectStart: -3 } as never)).timing!;
    expect(odd[RESOURCE_MARKS.indexOf('secureConnectionStart')]).toBe(0);
    expect(odd[RESOURCE_MARKS.indexOf('connectStart')]).toBe(0);
    expect(parsePageEvent(resource(odd))).toBeDefined();
  });

  it('join a fetch with its entry, and go with a resource entry', () => {
    const sent: PageEvent[] = [];
    const timings = new ResourceTimings((event) => sent.push(event), new AbortController().signal);
    timeline.onEntries!([entry({ ...MARKS, name: 'https://a.example/api', initiatorType: 'fetch', startTime: 9 }), entry(MARKS)]);
    timings.finished(parsePageEvent(http(undefined)) as Extract<PageEvent, { type: 'http' }>);
    expect(sent.map((e) => [e.type, 'timing' in e ? e.timing : undefined])).toEqual([
      ['resource', TIMING],
      ['http', TIMING],
    ]);
    // What the bridge sends on parses as it was sent.
    expect(parsePageBatch(sent)).toEqual({ events: sent, dropped: 0 });
  });

  it('parse when each is a finite time of at most 1e10 ms, not negative', () => {
    for (const event of [resource(TIMING), resource(HIDDEN), http(TIMING), resource(RESOURCE_MARKS.map(() => 1e10))]) expect(parsePageEvent(event)).toEqual(event);
    const { timing: _, ...bare } = resource(TIMING);
    expect(parsePageEvent(bare)).toEqual(bare);
  });

  it('refuse the whole event when malformed', () => {
    const bad = (i: number, value: unknown) => TIMING.map((t, j) => (j === i ? value : t));
    const sparse = [...TIMING];
    delete sparse[3];
    const malformed: unknown[] = [
      TIMING.slice(1),
      [...TIMING, 60],
      [],
      bad(0, -1),
      bad(4, Number.NaN),
      bad(5, Infinity),
      bad(10, 1e10 + 1),
      bad(2, '12'),
      bad(2, null),
      bad(2, [12]),
      sparse,
      Object.assign({}, TIMING, { length: TIMING.length }),
      'timing',
      12,
      null,
      new Array(1e6).fill(1),
    ];
    for (const timing of malformed) {
      expect(parsePageEvent(resource(timing))).toBeUndefined();
      expect(parsePageEvent(http(timing))).toBeUndefined();
    }
    // Marks come with the sizes of their entry, never alone.
    const { transferSize: _t, encodedBodySize: _e, decodedBodySize: _d, ...noSizes } = http(TIMING);
    expect(parsePageEvent(noSizes)).toBeUndefined();
    // A batch drops the malformed item, counted, and keeps the rest.
    expect(parsePageSideBatch([http(bad(1, -5)), http(TIMING)])).toEqual({ events: [http(TIMING)], dropped: 1 });
  });

  it('are span events named as OpenTelemetry names them, at their times, the hidden ones left out', async () => {
    const { ctx, spans } = await spansOf([resource(TIMING), http(HIDDEN), resource(undefined)].map((e) => parsePageEvent(e)!));
    const [full, hidden, none] = spans;
    expect(eventsOf(full!, ctx)).toEqual(RESOURCE_MARKS.map((mark) => [mark, MARKS[mark]]));
    expect(eventsOf(hidden!, ctx)).toEqual([
      ['fetchStart', 12.5],
      ['responseEnd', 55],
    ]);
    expect(none!.events).toEqual([]);
    expect(full!.droppedEvents ?? 0).toBe(0);
  });

  for (const [protocol, decode] of [
    ['http/protobuf', decodeProtobufRequest],
    ['http/json', decodeJsonRequest],
  ] as const) {
    it(`are exported as span events (${protocol}), within the event limit beside the bridged events`, async () => {
      const { ctx, spans } = await spansOf([parsePageEvent(resource(TIMING))!]);
      const bridged = withSpanEvents(spans, { resourceTimingEvents: true });
      const [got] = decode(encodeSpans(bridged, protocol, { userAgent: 'test', sdkVersion: '0.1.0' }));
      const origin = BigInt(ctx.timeOrigin) * 1_000_000n;
      const marks = got!.events.filter((e) => e.name !== 'browser.resource_timing');
      expect(marks.map((e) => [e.name, Number(e.timeUnixNano - origin) / 1e6])).toEqual(RESOURCE_MARKS.map((mark) => [mark, MARKS[mark]]));
      expect(got!.events.map((e) => e.name)).toContain('browser.resource_timing');
      expect(bridged[0]!.droppedEvents ?? 0).toBe(0);
    });
  }
});
