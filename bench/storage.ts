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
const BATCH = 500;

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
function fetches(count: number): PageEvent[] {
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
    { what: 'encode a 512-span OTLP protobuf request, in Node: the background\'s writer, per span', value: `${spanlight.toFixed(2)} µs`, target: `${(library / spanlight).toFixed(1)}× faster` },
    { what: '… otlp-transformer 0.301 (the same bytes), per span', value: `${library.toFixed(2)} µs` },
  ];
}


/** Sends `messages` over a bridge port from `page`; resolves with the ms until all were acked. */
function ingest(page: TabPage, messages: unknown[]): Promise<number> {
  return page.evaluate(
    async (batches) => {
      const port = chrome.runtime.connect({ name: 'spanlight-bridge' });
      let acked = 0;
      const done = new Promise<void>((resolve, reject) =>
        port.onMessage.addListener((reply: { type: string; error?: string }) => {
          // A refusal is for good (the background counted it): the run cannot finish.
          if (reply.type === 'nack') reject(new Error(`a batch was refused: ${reply.error}`));
          if (reply.type === 'ack' && ++acked === batches.length) resolve();
        }),
      );
      const started = performance.now();
      for (const batch of batches) port.postMessage(batch);
      await done;
      const took = performance.now() - started;
      port.disconnect();
      return took;
    },
    messages,
  );
}

/** Times the export of everything pending to `endpoint` with `exportSettings`. */
async function exportAll(extension: LoadedExtension, endpoint: string, exportSettings: object, expected: number): Promise<number> {
  const before = (await extension.status())?.export.exported ?? 0;
  const started = performance.now();
  // The spans were stored with export off: sent only when the endpoint is set with the stored ones too.
  await extension.setSettings({ export: { endpoint, intervalSeconds: 1, sendStoredOnStart: true, ...exportSettings } });
  for (;;) {
    const status = (await extension.status())?.export;
    if (status && status.exported - before >= expected && status.pending === 0) break;
    if (performance.now() - started > 300_000) throw new Error(`export did not finish: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en-US');

/** Runs the storage and export benchmark; `spans` per measurement. */
export async function benchStorage(spans: number): Promise<Row[]> {
  let bytes = 0;
  let requests = 0;
  const sink = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  const { port, close } = await listenOnLoopback(sink);
  const endpoint = `http://127.0.0.1:${port}/v1/traces`;
  const extension = await launchExtension('chromium');
  try {
    const page = await extension.openPage('options.html');
    // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give the page one.
    await page.evaluate(() => void ((globalThis as { __name?: unknown }).__name = (f: unknown) => f), null);
    const origin = await page.evaluate(() => location.origin, null);
    const rows: Row[] = [];
    for (const [label, settings] of [
      ['OTLP protobuf + gzip, 512-span requests (the defaults)', { protocol: 'http/protobuf', compression: 'gzip', batchSpans: 512 }],
      ['OTLP protobuf, uncompressed, 512-span requests', { protocol: 'http/protobuf', compression: 'none', batchSpans: 512 }],
      ['OTLP protobuf + gzip, 4,096-span requests', { protocol: 'http/protobuf', compression: 'gzip', batchSpans: 4096 }],
    ] as const) {
      await extension.setSettings({ export: { endpoint: '' } });
      const ingestMs = await ingest(page, await bridgeMessages(spans, BATCH, origin));
      rows.push({ what: `ingest into IndexedDB (${BATCH}-span batches, acknowledged after the write)`, value: perSecond(spans, ingestMs), target: '≥ 50,000' });
      bytes = 0;
      requests = 0;
      const exportMs = await exportAll(extension, endpoint, settings, spans);
      rows.push({
        what: `export, ${label}: read, encode, send, mark (${requests} requests, ${Math.round(bytes / spans)} B/span on the wire)`,
        value: perSecond(spans, exportMs),
        target: '≥ 200,000',
      });
    }
    rows.push(...(await benchEncoding(7)));
    return rows;
  } finally {
    await extension.close();
    await close();
  }
}
