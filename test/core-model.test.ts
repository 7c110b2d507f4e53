/**
 * The WASM tracer core against its reference model (test/support/core-model.ts), fed the same
 * random streams (fast-check): first raw calls to the core's exports, hostile arguments and
 * staged bytes included, then page events through the host's SpanWriter and writeEvent. Every
 * return value, count and byte written must be the same.
 *
 * Span ids come from a seeded generator: both cores are given the same seed, so their ids are
 * compared exactly, as everything else is (the model computes splitmix64 with BigInt).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../src/protocol/bridge';
import type { PageEvent } from '../src/protocol/page';
import type { WireSpanBatch } from '../src/protocol/span-batch';
import { coreAreas, coreCounts, CoreError, type CoreExports, coreModuleBytes } from '../src/tracer/core';
import { SpanWriter, type TracerConfig } from '../src/tracer/span-writer';
import { writeEvent } from '../src/tracer/write-event';
import { MAX_ATTRIBUTES, MAX_EVENTS, URL_BYTES } from './support/core-model';
import { modelCore } from './support/core-model-exports';

const wasmModule = new WebAssembly.Module(coreModuleBytes());

/** A fresh WASM core (fresh memory, so its STAGE starts as the model's: zero), seeded. */
function wasmCore(seedHi: number, seedLo: number): CoreExports {
  const core = new WebAssembly.Instance(wasmModule, {}).exports as unknown as CoreExports;
  core.init(seedHi, seedLo);
  return core;
}

const seed = fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }));
const u32 = fc.nat({ max: 0xffffffff });
/** 2^32 s in ms: the first instant past what the tables hold. */
const MS_LIMIT = 2 ** 32 * 1000;
const anyTime = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: 0, max: 1e10, noNaN: true }) },
  { weight: 4, arbitrary: fc.constantFrom(0, -0, -1, 1e10, 1e13, -1e13, MS_LIMIT, -MS_LIMIT, 1e300, -1e300, Number.MAX_VALUE, 5e-324) },
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.double(),
);
const hexOf = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
/** An id field's characters: mostly valid ids, else all zero, uppercase, or anything. */
const idText = (length: number, validWeight = 6) =>
  fc.oneof(
    { weight: validWeight, arbitrary: hexOf(length / 2) },
    fc.constant('0'.repeat(length)),
    hexOf(length / 2).map((h) => h.toUpperCase()),
    fc.string({ minLength: length, maxLength: length, unit: 'binary-ascii' }),
  );
/** Trace ids, some with their sampled bits (hex digits 18 to 30) at the edges of ratio 0.5 and 0, 1. */
const traceIdText = (validWeight: number) =>
  fc.oneof(
    { weight: validWeight, arbitrary: idText(32, validWeight) },
    fc.tuple(hexOf(9), fc.constantFrom('0000000000000', '0000000000001', '7ffffffffffff', '8000000000000', 'fffffffffffff'), hexOf(1)).map(([head, bits, tail]) => `${head}${bits}${tail[0]}`),
  );
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

// ---- raw calls ----

/** The four words of a staged attribute. */
type Words = [number, number, number, number];
const f64Words = (value: number): [number, number] => {
  const words = new Uint32Array(new Float64Array([value]).buffer);
  return [words[0]!, words[1]!];
};
const stagedAttr: fc.Arbitrary<Words> = fc.oneof(
  fc.tuple(fc.nat(50), fc.nat(1000), fc.oneof(fc.nat(40), fc.constantFrom(16383, 16384, 16385, 0xffffffff), u32)).map(([key, index, length]): Words => [key, 0, index, length]),
  fc.tuple(fc.nat(50), fc.double()).map(([key, value]): Words => [key, 1, ...f64Words(value)]),
  fc.tuple(fc.nat(50), fc.boolean()).map(([key, value]): Words => [key, 2, ...f64Words(value ? 1 : 0)]),
  // What the host never writes: a type word whose low byte is still ATTR_STRING, any type.
  fc.tuple(u32, fc.oneof(fc.constant(0x100), u32), u32, u32).map((w): Words => w),
);
const stagedEvent = fc.tuple(u32, anyTime);

type Op =
  | { op: 'init'; hi: number; lo: number }
  | { op: 'configure'; ratio: number; slowMs: number; maxAttributes: number; maxValueLength: number }
  | { op: 'page'; ids: string; timeOrigin: number }
  | {
      op: 'record';
      args: [name: number, kind: number, how: number, startMs: number, endMs: number, status: number, message: number, attrsGiven: number, eventsGiven: number];
      spanId: string;
      parentId: string;
      attrs: Words[];
      events: [number, number][];
      /** The same call this many times (to fill the span table). */
      times: number;
    }
  | { op: 'reset' }
  | { op: 'redact'; url: Uint8Array; length: number };

const configureOp = fc.record({
  op: fc.constant('configure' as const),
  ratio: fc.oneof(fc.constantFrom(0, 1, 0.5, 5e-324, 1 - 2 ** -53, -0.1, 1.1, NaN), fc.double({ min: 0, max: 1, noNaN: true })),
  slowMs: fc.oneof(fc.constantFrom(0, 1e-9, 1, 100, -1, NaN, Infinity, 1e300), fc.double({ min: 0, max: 5000, noNaN: true })),
  maxAttributes: fc.oneof(fc.constantFrom(0, 1, 127, 128, 129, -1, 0xffffffff), fc.nat(MAX_ATTRIBUTES)),
  maxValueLength: fc.oneof(fc.constantFrom(0, 1, 16384, 0xffffffff, -1), fc.nat(40)),
});
const pageOp = (validTime: boolean) =>
  fc.record({
    op: fc.constant('page' as const),
    ids: fc.tuple(traceIdText(20), idText(16, 20)).map(([trace, root]) => trace + root),
    timeOrigin: validTime
      ? fc.double({ min: 1.6e12, max: 1.9e12, noNaN: true })
      : fc.oneof(
          { weight: 10, arbitrary: fc.double({ min: 1.6e12, max: 1.9e12, noNaN: true }) },
          fc.constantFrom(0, -0, -1, 0.5, MS_LIMIT - 1, MS_LIMIT - 1e-4, MS_LIMIT, 1e14, NaN, Infinity),
          fc.double(),
        ),
  });
const count = (staged: number, max: number) => fc.oneof({ weight: 4, arbitrary: fc.constant(staged) }, fc.nat(max + 10), fc.constantFrom(max, max + 1, 0xffff + max, 0x10000 + max, 0xffffffff));
const recordOp = fc
  .record({
    attrs: fc.oneof(fc.array(stagedAttr, { maxLength: 8 }), fc.array(stagedAttr, { minLength: 120, maxLength: MAX_ATTRIBUTES })),
    events: fc.oneof(fc.array(stagedEvent, { maxLength: 4 }), fc.array(stagedEvent, { minLength: 60, maxLength: MAX_EVENTS })),
    name: u32,
    kind: fc.oneof({ weight: 30, arbitrary: fc.nat(4) }, fc.constantFrom(-1, 5, 256, 0x7fffffff)),
    how: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(0, 0, 0, 1, 2, 4, 6) }, fc.constantFrom(3, 5, 7, 8, -1)),
    startMs: anyTime,
    endMs: anyTime,
    status: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(0, 0, 0, 1, 2) }, fc.constantFrom(-1, 3)),
    message: fc.oneof(fc.constant(0xffffffff), u32),
    spanId: idText(16, 30),
    parentId: idText(16, 30),
    times: fc.oneof({ weight: 20, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 1100 })),
  })
  .chain((r) =>
    fc.record({ attrsGiven: count(r.attrs.length, MAX_ATTRIBUTES), eventsGiven: count(r.events.length, MAX_EVENTS) }).map(({ attrsGiven, eventsGiven }): Op => ({
      op: 'record',
      args: [r.name, r.kind, r.how, r.startMs, r.endMs, r.status, r.message, attrsGiven, eventsGiven],
      spanId: r.spanId,
      parentId: r.parentId,
      attrs: r.attrs,
      events: r.events,
      times: r.times,
    })),
  );

/** URLs as text: well-formed with odd parts, or anything. */
const secretWord = fc.constantFrom('token', 'key', 'secret', 'passw', 'auth', 'session', 'code', 'sig', 'credential', 'TOKEN', 'Api_Key', '%74oken', '%6B%65%79', 'ses%73ion', '%2574oken', 'k%65y');
const paramName = fc.oneof(
  fc.constantFrom('q', 'page', 'id', 'lang', 'utm_source', 'ke', 'tok', 'en', '', 'a+b', 'se+ssion', '%zz', '%4', 'x%'),
  secretWord,
  fc.tuple(fc.string({ maxLength: 4 }), secretWord, fc.string({ maxLength: 4 })).map((p) => p.join('')),
  // Long names: the secret word past the first 256 bytes.
  fc.tuple(fc.integer({ min: 200, max: 400 }), secretWord).map(([n, word]) => 'x'.repeat(n) + word),
  fc.string({ maxLength: 12, unit: 'grapheme' }),
);
const pair = fc.oneof(
  fc.tuple(paramName, fc.oneof(fc.constant(''), fc.constant('S3CRET'), fc.string({ maxLength: 10 }), fc.constant('a=b'))).map(([k, v]) => `${k}=${v}`),
  paramName,
);
const pairs = fc.array(pair, { maxLength: 5 }).map((p) => p.join('&'));
const urlText = fc.oneof(
  { weight: 6, arbitrary: fc
    .tuple(
      fc.constantFrom('https://', 'HTTP://', 'a+b.c-d://', '1http://', '//', '', 'mailto:', 'https:/', 'https:', 'x://'),
      fc.constantFrom('', 'user@', 'user:pw@', ':@', '@', 'a@b@', 'ü:ß@', '%40@'),
      fc.constantFrom('a.example', 'b.test:8080', '[::1]', 'ü.example', ''),
      fc.constantFrom('', '/', '/p@q', '/ü/x', '/a;b', '/%zz'),
      fc.option(pairs, { nil: undefined }),
      fc.option(fc.oneof(pairs, fc.constantFrom('section-2', '', '?x=1', '#', 'token')), { nil: undefined }),
    )
    .map(([scheme, user, host, path, query, fragment]) => `${scheme}${user}${host}${path}${query === undefined ? '' : `?${query}`}${fragment === undefined ? '' : `#${fragment}`}`) },
  fc.string({ maxLength: 60, unit: 'binary' }),
  fc.string({ maxLength: 40, unit: fc.constantFrom('?', '#', '&', '=', '@', '/', ':', '%', 'a', 'k', 'e', 'y', '2') }),
);
const encoder = new TextEncoder();
const redactOp = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('redact' as const), url: urlText.map((u) => encoder.encode(u).subarray(0, URL_BYTES)) }).map((o): Op => ({ ...o, length: o.url.length })) },
  fc.record({ op: fc.constant('redact' as const), url: fc.uint8Array({ maxLength: 300 }) }).map((o): Op => ({ ...o, length: o.url.length })),
  // Lengths at and over the limit (what URL_IN held before counts as input).
  fc.record({ op: fc.constant('redact' as const), url: fc.uint8Array({ maxLength: 40 }), length: fc.constantFrom(URL_BYTES - 1, URL_BYTES, URL_BYTES + 1, 0xffffffff) }),
  urlText.map((u): Op => {
    const url = encoder.encode(`https://a.example/?${u}&`.repeat(Math.ceil(URL_BYTES / (u.length + 21)))).subarray(0, URL_BYTES);
    return { op: 'redact', url, length: url.length };
  }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: recordOp },
  { weight: 2, arbitrary: configureOp },
  { weight: 3, arbitrary: pageOp(false) },
  { weight: 2, arbitrary: fc.constant({ op: 'reset' as const }) },
  { weight: 4, arbitrary: redactOp },
  fc.record({ op: fc.constant('init' as const), hi: u32, lo: u32 }),
);
const ops = fc.tuple(configureOp, pageOp(true), fc.array(op, { maxLength: 40 })).map(([c, p, rest]): Op[] => [c, p, ...rest]);

/** Runs one call on `core`; returns what it gave back, and for redact() the output. */
function apply(core: CoreExports, o: Op): unknown {
  const areas = coreAreas(core);
  const memory = () => new Uint8Array(core.memory.buffer);
  switch (o.op) {
    case 'init':
      return core.init(o.hi, o.lo);
    case 'configure':
      return core.configure(o.ratio, o.slowMs, o.maxAttributes, o.maxValueLength);
    case 'page':
      memory().set(ascii(o.ids), areas.page);
      return core.setPage(o.timeOrigin);
    case 'reset':
      return core.reset();
    case 'redact': {
      memory().set(o.url, areas.urlIn);
      const code = core.redact(o.length);
      return code >= 0 ? { code, url: Array.from(memory().subarray(areas.urlOut, areas.urlOut + code)) } : { code };
    }
    case 'record': {
      memory().set(ascii(o.spanId + o.parentId), areas.spanId);
      const view = new DataView(core.memory.buffer);
      o.attrs.forEach((words, i) => words.forEach((w, j) => view.setUint32(areas.stage + i * 16 + j * 4, w, true)));
      const eventsAt = areas.stage + MAX_ATTRIBUTES * 16;
      o.events.forEach(([name, time], i) => {
        view.setUint32(eventsAt + i * 16, name, true);
        view.setFloat64(eventsAt + i * 16 + 8, time, true);
      });
      const codes: number[] = [];
      for (let i = 0; i < o.times; i++) codes.push(core.record(...o.args));
      // Runs of the same code, so a long run reads as one.
      return codes.reduce<[number, number][]>((runs, c) => (runs.at(-1)?.[0] === c ? (runs.at(-1)![1]++, runs) : [...runs, [c, 1]]), []);
    }
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The core's tables as hex, one string per record. */
function tables(core: CoreExports): { spans: string[]; attrs: string[]; events: string[] } {
  const areas = coreAreas(core);
  const fill = coreCounts(core);
  const memory = new Uint8Array(core.memory.buffer);
  const records = (at: number, n: number, size: number) => Array.from({ length: n }, (_, i) => hex(memory.subarray(at + i * size, at + (i + 1) * size)));
  return { spans: records(areas.spans, fill.spans, 64), attrs: records(areas.attrs, fill.attrs, 16), events: records(areas.events, fill.events, 16) };
}

describe('tracer core against its reference model: raw calls', () => {
  it('gives the same codes, counts and table bytes for any call stream', () => {
    fc.assert(
      fc.property(seed, ops, ([hi, lo], stream) => {
        const wasm = wasmCore(hi, lo);
        const model = modelCore(hi, lo);
        stream.forEach((o, step) => {
          if (o.op === 'reset' || o.op === 'init') expect(tables(model), `tables before step ${step}`).toEqual(tables(wasm));
          expect(apply(model, o), `step ${step}: ${o.op}`).toEqual(apply(wasm, o));
          expect(coreCounts(model), `counts after step ${step}`).toEqual(coreCounts(wasm));
        });
        expect(tables(model), 'tables at the end').toEqual(tables(wasm));
      }),
      { numRuns: 400 },
    );
  });
});

// ---- page events through the host ----

/** Strings a page can put in an event: short, long, any code point (lone surrogates too). */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
  fc.tuple(fc.constantFrom('a', 'ü', '😀', '\ud800'), fc.constantFrom(255, 256, 16383, 16384, 16385, 20000)).map(([c, n]) => c.repeat(n)),
);
const eventUrl = fc.oneof({ weight: 3, arbitrary: urlText }, fc.constant(`https://a.example/?q=${'x'.repeat(12300)}`), fc.constant(`https://a.example/${'é'.repeat(4095)}?key=1`));
const pageTime = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: 0, max: 1e10, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(0, 1e10, -1, 1e13) },
  fc.constantFrom(NaN, Infinity),
);
const eventId = fc.option(fc.oneof({ weight: 40, arbitrary: hexOf(8) }, fc.constantFrom('0000000000000000', 'zz', 'ABCDEF0123456789', '00f067aa0ba902b7x')), { nil: undefined });
const attribution = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(text, fc.double())),
  fc.integer({ min: 120, max: 140 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i % 2 ? `v${i}` : i]))),
);
const pageEvent: fc.Arbitrary<PageEvent> = fc.oneof(
  fc
    .record({ url: eventUrl, start: pageTime, end: pageTime, status: fc.constantFrom(0, 200, 404, 503), error: fc.option(text, { nil: undefined }), spanId: eventId, parent: eventId, method: fc.constantFrom('GET', 'POST', '') })
    .map(({ error, spanId, parent, ...e }): PageEvent => ({ type: 'http', api: 'fetch', ...e, ...(error !== undefined ? { error } : {}), ...(spanId ? { spanId } : {}), ...(parent ? { parent } : {}) })),
  fc.record({ start: pageTime, end: pageTime, target: text, spanId: eventId }).map(({ spanId, ...e }): PageEvent => ({ type: 'interaction', event: 'click', ...e, ...(spanId ? { spanId } : {}) })),
  fc.record({ time: pageTime, message: text, stack: text, file: eventUrl }).map((e): PageEvent => ({ type: 'error', kind: 'error', errorType: 'TypeError', ...e, line: 3, column: 7 })),
  fc.record({ url: eventUrl, start: pageTime, end: pageTime, protocol: fc.constantFrom('h2', 'http/1.1', '') }).map((e): PageEvent => ({ type: 'resource', initiatorType: 'img', ...e, renderBlocking: false, transferSize: 0, encodedBodySize: 5, decodedBodySize: 5 })),
  fc.record({ name: text, start: pageTime, end: pageTime, detail: fc.option(text, { nil: undefined }) }).map(({ detail, ...e }): PageEvent => ({ type: 'measure', ...e, ...(detail !== undefined ? { detail } : {}) })),
  fc.record({ start: pageTime, end: pageTime, source: eventUrl, fn: text }).map(({ source, fn, ...e }): PageEvent => ({ type: 'long-frame', kind: 'frame', ...e, blockingDuration: 20, scripts: 1, script: { duration: 30, invoker: 'x', source, function: fn } })),
  fc.record({ name: fc.constantFrom('LCP', 'INP', 'CLS', 'FCP', 'TTFB'), value: fc.double({ min: 0, max: 1e4, noNaN: true }), time: pageTime, attribution }).map((e): PageEvent => ({ type: 'vital', rating: 'good', navigationType: 'navigate', ...e })),
  fc.array(pageTime, { minLength: 5, maxLength: 5 }).map(([a, b, c, d, e]): PageEvent => ({ type: 'page-load', navigationType: 'navigate', marks: { fetchStart: a, requestStart: b, responseEnd: c, domComplete: d, loadEventEnd: e } })),
  fc.record({ time: pageTime, url: eventUrl }).map((e): PageEvent => ({ type: 'route', trigger: 'pushState', ...e, traceId: '0af7651916cd43dd8448eb211c80319c', view: 1 })),
);

const config: fc.Arbitrary<TracerConfig> = fc.record({
  sampleRatio: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  slowMs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
  maxAttributes: fc.oneof(fc.constantFrom(0, 1, 127, 128), fc.nat(MAX_ATTRIBUTES)),
  maxValueLength: fc.oneof(fc.constantFrom(0, 1, 16384), fc.nat(300)),
});
const context: fc.Arbitrary<PageContext> = fc.record({
  traceId: traceIdText(40),
  rootSpanId: idText(16, 40),
  timeOrigin: fc.oneof({ weight: 8, arbitrary: fc.double({ min: 1.6e12, max: 1.9e12, noNaN: true }) }, fc.constantFrom(0, MS_LIMIT - 1, MS_LIMIT, 1e14)),
  url: eventUrl,
});

/** What `pages` make through a SpanWriter on `core`: each batch, and the code of each CoreError. */
function batchesOf(core: CoreExports, settings: TracerConfig, pages: [PageContext, PageEvent[]][]): unknown[] {
  const writer = new SpanWriter(core);
  const out: unknown[] = [];
  const attempt = (write: () => void) => {
    try {
      write();
      return true;
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      out.push({ error: error.code });
      return false;
    }
  };
  if (!attempt(() => writer.configure(settings))) return out;
  for (const [ctx, events] of pages) {
    if (!attempt(() => out.push({ sampled: writer.begin(ctx) }))) continue;
    // A span the core refuses (a bad id, a time that is not a number) leaves the batch open.
    for (const event of events) attempt(() => writeEvent(writer, event, { 'spanlight.core': 'content' }));
    out.push({ batch: writer.finish() });
  }
  return out;
}

describe('tracer core against its reference model: page events through the span writer', () => {
  it('writes the same batches, byte for byte, or refuses the same input', () => {
    fc.assert(
      fc.property(seed, config, fc.array(fc.tuple(context, fc.array(pageEvent, { maxLength: 30 })), { minLength: 1, maxLength: 3 }), ([hi, lo], settings, pages) => {
        expect(batchesOf(modelCore(hi, lo), settings, pages)).toEqual(batchesOf(wasmCore(hi, lo), settings, pages));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same batches when they overflow the core tables', () => {
    const clicks: PageEvent[] = Array.from({ length: 1500 }, (_, i) => ({ type: 'interaction', event: 'click', start: i, end: i + 1, target: `b${i}` }));
    const vitals: PageEvent[] = Array.from({ length: 100 }, (_, i) => ({ type: 'vital', name: 'LCP', value: i, rating: 'good', navigationType: 'navigate', time: i, attribution: Object.fromEntries(Array.from({ length: 130 }, (_, k) => [`k${k}`, k])) }));
    const ctx: PageContext = { traceId: '0af7651916cd43dd8448eb211c80319c', rootSpanId: 'b7ad6b7169203331', timeOrigin: 1_732_172_400_123.5, url: 'https://a.example/' };
    const settings: TracerConfig = { sampleRatio: 1, slowMs: 0, maxAttributes: 128, maxValueLength: 16384 };
    const model = batchesOf(modelCore(1, 2), settings, [[ctx, [...clicks, ...vitals]]]);
    expect(model).toEqual(batchesOf(wasmCore(1, 2), settings, [[ctx, [...clicks, ...vitals]]]));
    const [, written] = model as [{ sampled: boolean }, { batch: WireSpanBatch }];
    expect(written.batch.chunks.length).toBeGreaterThan(2);
  });
});
