/**
 * Ingest and export throughput in the real service worker, through the product's own paths:
 * - ingest: an extension page speaks the bridge protocol (src/protocol/bridge.ts) on the
 *   `spanlight-bridge` port, sending batches the tracer core made, as a content script does;
 *   timed until the last batch is acknowledged, which the background does only after decoding
 *   it and writing it to IndexedDB.
 * - export: with the spans stored while export was off, an endpoint is set to a loopback sink,
 *   with them to be sent too (export.sendStoredOnStart); timed until the
 *   background reports them all delivered (read from IndexedDB, encoded, sent, answered, marked).
 * - encoding alone, in Node: the background's OTLP protobuf writer next to otlp-transformer's,
 *   on the same spans.
 */
/// <reference types="chrome" />
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { launchExtension, type LoadedExtension, type TabPage } from '../test/e2e/support/extension';
import { listenOnLoopback } from '../test/e2e/support/listen';
import { median } from './paired';
import type { PageEvent } from '../src/protocol/page';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { encodeSpans, toReadableSpans } from '../src/otlp/encode';
import { randomHexId } from '../src/tracer/ids';
import { Tracer, toSpans } from '../src/tracer/tracer';

import type { Row } from './report';

/** The bridge's batch under load: it sends what it has once 500 events are queued (src/bridge/bridge.ts). */
export const BATCH = 500;

/**
 * Bridge messages of `count` request spans in `batchSize` batches, made by the tracer core as a
 * content script makes them (the core runs in Node here, so the timing covers only the worker).
 */
async function bridgeMessages(count: number, batchSize: number, origin: string): Promise<unknown[]> {
  const tracer = await Tracer.load('content');
  const messages: unknown[] = [];
  for (let seq = 1; seq * batchSize <= count; seq++) {
    messages.push({ type: 'spans', seq, batch: randomHexId(8), data: tracer.toBatch(pageView(origin), fetches(batchSize)), dropped: 0 });
  }
  return messages;
}

/**
 * A page view of the sender's own origin: the background takes a page view's origin from the
 * browser's word about the sender (here the extension page that speaks the bridge protocol).
 */
const pageView = (origin = 'https://shop.example') => ({ traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: Date.now(), url: `${origin}/cart` });

/** `count` fetch events of one page view. */
export function fetches(count: number): PageEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'http',
    api: 'fetch',
    method: 'GET',
    url: `https://shop.example/api/items/${i}?q=shoes`,
    start: i,
    end: i + 0.5,
    status: 200,
  }));
}

/**
 * µs per span to encode 512-span requests of the spans the background stores, in Node: the
 * background's writer and otlp-transformer's serializer, alternating, median of the runs.
 */
async function benchEncoding(runs: number): Promise<Row[]> {
  const spans = toSpans(await Tracer.load('background'), pageView(), fetches(512)).spans;
  const browserInfo = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0', language: 'en-US', sdkVersion: '0.1.0' };
  const sides = {
    spanlight: () => encodeSpans(spans, 'http/protobuf', browserInfo),
    library: () => ProtobufTraceSerializer.serializeRequest(toReadableSpans(spans, browserInfo))!,
  };
  if (Buffer.compare(sides.spanlight(), sides.library()) !== 0) throw new Error('the two encoders wrote different bytes');
  const times = { spanlight: [] as number[], library: [] as number[] };
  for (let run = -1; run < runs; run++) {
    for (const side of ['spanlight', 'library'] as const) {
      const started = performance.now();
      for (let i = 0; i < 100; i++) sides[side]();
      if (run >= 0) times[side].push(((performance.now() - started) * 1000) / (100 * spans.length));
    }
  }
  const [spanlight, library] = [median(times.spanlight), median(times.library)];
  return [
    { what: 'encode a 512-span OTLP protobuf request of one page view\'s fetches, in Node: the background\'s writer, per span (real pages\' spans: section 13)', value: `${spanlight.toFixed(2)} µs`, target: `${(library / spanlight).toFixed(1)}× faster` },
    { what: '… otlp-transformer 0.301 (the same bytes), per span', value: `${library.toFixed(2)} µs` },
  ];
}


/** Settings for the bench: limits high enough that a large backlog is neither evicted nor refused. */
const BENCH_SETTINGS = {
  retention: { maxSpans: 10_000_000, maxMegabytes: 100_000 },
  limits: { originMegabytes: 100_000, tabMegabytes: 100_000 },
};

/** Bridge messages staged in `page` (globalThis.__staged) in chunks: a 1M-span backlog is ~300 MB of them. */
async function stage(page: TabPage, count: number, origin: string): Promise<void> {
  const messages = await bridgeMessages(count, BATCH, origin);
  await page.evaluate(() => void ((globalThis as { __staged?: unknown[] }).__staged = []), null);
  for (let i = 0; i < messages.length; i += 100) {
    await page.evaluate((chunk) => void (globalThis as unknown as { __staged: unknown[] }).__staged.push(...chunk), messages.slice(i, i + 100));
  }
}

/**
 * Sends the staged messages over a bridge port from `page`, at most 64 unacknowledged at a time
 * (as a content script's bridge does not flood the port); resolves with the ms until all were acked.
 */
function ingest(page: TabPage): Promise<number> {
  return page.evaluate(async () => {
    const holder = globalThis as { __staged?: unknown[] };
    const batches = holder.__staged!;
    delete holder.__staged;
    const port = chrome.runtime.connect({ name: 'spanlight-bridge' });
    let sent = 0;
    let acked = 0;
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const fill = () => {
        while (sent < batches.length && sent - acked < 64) port.postMessage(batches[sent++]);
      };
      port.onMessage.addListener((reply: { type: string; error?: string }) => {
        // A refusal is for good (the background counted it): the run cannot finish.
        if (reply.type === 'nack') reject(new Error(`a batch was refused: ${reply.error}`));
        if (reply.type !== 'ack') return;
        if (++acked === batches.length) resolve();
        else fill();
      });
      fill();
    });
    const took = performance.now() - started;
    port.disconnect();
    return took;
  }, null);
}

/** Resolves once `check` does, polling every 20 ms; throws after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 600_000): Promise<void> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Turns export off (the store holds it), then moves the watermark and the signals' positions back
 * to the start, so that the spans stored are all unsent again: the next drain replays the same
 * backlog. Written from the extension's page, straight into the background's IndexedDB.
 */
async function rewind(extension: LoadedExtension, page: TabPage): Promise<void> {
  await extension.setSettings({ ...BENCH_SETTINGS, export: { endpoint: '' } });
  const metaOp = (op: 'held' | 'rewind') =>
    page.evaluate(async (what) => {
      // Never creating it: until the background has, the answer is "not held".
      const db = await new Promise<IDBDatabase | undefined>((resolve, reject) => {
        const request = indexedDB.open('spanlight');
        request.onupgradeneeded = () => request.transaction!.abort();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => (request.error?.name === 'AbortError' ? resolve(undefined) : reject(request.error));
      });
      if (!db) return false;
      try {
        const tx = db.transaction('meta', what === 'held' ? 'readonly' : 'readwrite');
        const meta = tx.objectStore('meta');
        const done = new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        let held = false;
        if (what === 'held') meta.get('exportHeld').onsuccess = (event) => (held = !!(event.target as IDBRequest).result);
        else {
          meta.put({ key: 'exported', value: { seq: 0, offset: 0 } });
          meta.delete('sent:traces');
          meta.delete('sent:logs');
        }
        await done;
        return held;
      } finally {
        db.close();
      }
    }, op);
  await until('export to be held', () => metaOp('held'));
  await until('the exporter to stop', async () => (await extension.status())?.export.state === 'off');
  await metaOp('rewind');
}

/** Spans in an ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2), walked by their lengths. */
function countSpans(body: Uint8Array): number {
  const fields = (from: number, to: number, each: (field: number, start: number, end: number) => void) => {
    let at = from;
    const varint = () => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const b = body[at++]!;
        value += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return value;
      }
    };
    while (at < to) {
      const tag = varint();
      const wire = tag & 7;
      if (wire === 0) varint();
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else if (wire === 2) {
        const length = varint();
        each(tag >>> 3, at, at + length);
        at += length;
      } else throw new Error(`unexpected wire type ${wire}`);
    }
  };
  let spans = 0;
  fields(0, body.length, (field, start, end) => {
    if (field !== 1) return;
    fields(start, end, (f, s, e) => {
      if (f === 2) fields(s, e, (ff) => void (ff === 2 && spans++));
    });
  });
  return spans;
}

/** The loopback collector: answers 200 to each request, timing them and keeping their bodies to count the spans after the drain. */
function startSink() {
  let log = { requests: 0, bytes: 0, firstArrival: 0, lastAnswer: 0, bodies: [] as { gzip: boolean; body: Buffer }[] };
  const server = createServer((req, res) => {
    const arrived = performance.now();
    if (!log.firstArrival) log.firstArrival = arrived;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      log.requests++;
      log.bytes += body.length;
      log.bodies.push({ gzip: req.headers['content-encoding'] === 'gzip', body });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(() => (log.lastAnswer = performance.now()));
    });
  });
  return {
    server,
    /** What arrived since the last call, and a fresh log. */
    take() {
      const taken = log;
      log = { requests: 0, bytes: 0, firstArrival: 0, lastAnswer: 0, bodies: [] };
      return { ...taken, spans: taken.bodies.reduce((n, { gzip, body }) => n + countSpans(gzip ? gunzipSync(body) : body), 0) };
    },
  };
}

interface Drain {
  /** ms from setSettings to the first request at the sink: the settings change reaching the background, the first read and encode. */
  startMs: number;
  /** ms from the first request's arrival to the last request's answer. */
  drainMs: number;
  /** ms from setSettings until the background's status says everything is delivered. */
  totalMs: number;
  requests: number;
  bytes: number;
  /** Spans the sink counted in the bodies (at least once: at least the backlog). */
  delivered: number;
}

/** Drains the whole backlog of `expected` stored spans to `endpoint` with `exportSettings`. */
async function drain(extension: LoadedExtension, sink: ReturnType<typeof startSink>, endpoint: string, exportSettings: object, expected: number): Promise<Drain> {
  const before = (await extension.status())?.export.exported ?? 0;
  sink.take();
  const started = performance.now();
  // The spans were stored (or rewound) with export off: sent only when the endpoint is set with the stored ones too.
  await extension.setSettings({ ...BENCH_SETTINGS, export: { endpoint, intervalSeconds: 1, sendStoredOnStart: true, ...exportSettings } });
  await until(
    'the export to finish',
    async () => {
      const status = (await extension.status())?.export;
      return !!status && status.exported - before >= expected && status.pending === 0;
    },
    300_000,
  );
  const totalMs = performance.now() - started;
  const log = sink.take();
  if (log.spans < expected) throw new Error(`the sink counted ${log.spans} spans of ${expected}`);
  return { startMs: log.firstArrival - started, drainMs: log.lastAnswer - log.firstArrival, totalMs, requests: log.requests, bytes: log.bytes, delivered: log.spans };
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en-US');
const range = (values: number[], show: (v: number) => string) =>
  values.length > 1 ? `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})` : show(values[0]!);

const VARIANTS = [
  ['OTLP protobuf + gzip, 512-span requests (the defaults)', { protocol: 'http/protobuf', compression: 'gzip', batchSpans: 512 }],
  ['OTLP protobuf, uncompressed, 512-span requests', { protocol: 'http/protobuf', compression: 'none', batchSpans: 512 }],
  ['OTLP protobuf + gzip, 4,096-span requests', { protocol: 'http/protobuf', compression: 'gzip', batchSpans: 4096 }],
] as const;

export interface StorageOptions {
  /** Drains of each variant, interleaved. */
  rounds: number;
  /** Another build's folder (e.g. main's .output/chrome-mv3) to drain beside this one, interleaved. */
  baseline?: string;
}

/**
 * Runs the storage and export benchmark: `spans` ingested once per build, then drained `rounds`
 * times per variant (the watermark rewound between drains), variants and builds interleaved.
 */
export async function benchStorage(spans: number, { rounds, baseline }: StorageOptions): Promise<Row[]> {
  const sink = startSink();
  const { port, close } = await listenOnLoopback(sink.server);
  const endpoint = `http://127.0.0.1:${port}/v1/traces`;
  const builds: { label: string; extension: LoadedExtension; page: TabPage }[] = [];
  try {
    const rows: Row[] = [];
    for (const [label, dir] of [['', undefined], ...(baseline ? [['baseline build: ', baseline]] : [])] as const) {
      const extension = await launchExtension('chromium', dir ? { extensionDir: dir } : {});
      const page = await extension.openPage('options.html');
      builds.push({ label, extension, page });
      // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give the page one.
      await page.evaluate(() => void ((globalThis as { __name?: unknown }).__name = (f: unknown) => f), null);
      const origin = await page.evaluate(() => location.origin, null);
      await rewind(extension, page);
      await stage(page, spans, origin);
      const ingestMs = await ingest(page);
      rows.push({ what: `${label}ingest ${spans.toLocaleString('en-US')} spans into IndexedDB (${BATCH}-span batches, acknowledged after the write)`, value: perSecond(spans, ingestMs), target: '≥ 50,000' });
    }
    const results = new Map<string, Drain[]>();
    for (let round = 0; round < rounds; round++) {
      for (let v = 0; v < VARIANTS.length; v++) {
        const [variant, settings] = VARIANTS[(v + round) % VARIANTS.length]!;
        for (let b = 0; b < builds.length; b++) {
          const { label, extension, page } = builds[(b + round) % builds.length]!;
          await rewind(extension, page);
          const key = `${label}${variant}`;
          results.set(key, [...(results.get(key) ?? []), await drain(extension, sink, endpoint, settings, spans)]);
        }
      }
    }
    for (const [variant] of VARIANTS) {
      for (const { label } of builds) {
        const runs = results.get(`${label}${variant}`)!;
        const { requests, bytes, delivered } = runs[0]!;
        rows.push({
          what: `${label}export a ${spans.toLocaleString('en-US')}-span backlog, ${variant}: first request → last answer (median and range of ${runs.length}; ${requests} requests, ${Math.round(bytes / delivered)} B/span on the wire)`,
          value: range(runs.map((r) => (spans / r.drainMs) * 1000), (v) => Math.round(v).toLocaleString('en-US')),
          target: '≥ 100,000',
        });
        rows.push({
          what: `… the same, from the settings change to the status saying all delivered (of which before the first request)`,
          value: `${range(runs.map((r) => r.totalMs / 1000), (v) => `${v.toFixed(1)} s`)} (${range(runs.map((r) => r.startMs / 1000), (v) => `${v.toFixed(1)} s`)})`,
        });
      }
    }
    rows.push(...(await benchEncoding(7)));
    return rows;
  } finally {
    for (const { extension } of builds) await extension.close();
    await close();
  }
}
