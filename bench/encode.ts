/**
 * The export's encoding, in Node's V8 (the engine the background runs it in): `encodeSignal`, what
 * the exporter runs on each read of the store (src/export/requests.ts: vitals' superseded reports,
 * resource grouping, the protobuf writer, the split into requests), on spans shaped as the
 * background stores them for real pages (test/support/page-events.ts: every kind of span, ~10
 * attributes with URLs, page loads' events, page views of four sites in each request) and read
 * back as IndexedDB reads them (a structured clone of each stored batch), beside the spans of the
 * storage section's encoding row (one page view's fetches). Runs interleaved in a random order,
 * median and range. `--encode-baseline=DIR` runs another checkout's encoder (e.g. main's) on the
 * same spans in the same runs, after checking it writes the same bytes.
 * `npx tsx bench/encode.ts [--encode-baseline=DIR]` runs this section alone.
 */
import { deserialize, serialize } from 'node:v8';
import type { SpanRecord } from '../src/protocol/span';
import { Tracer, toSpans } from '../src/tracer/tracer';
import { groupByResource } from '../src/otlp/resource';
import { supersededReports } from '../src/vital';
import { pageViews } from '../test/support/page-events';
import { median, shuffled } from './paired';
import type { Row } from './report';
import { BATCH, fetches } from './storage';

type EncodeSignal = typeof import('../src/export/requests').encodeSignal;

const BROWSER = {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  language: 'en-US',
  platform: 'Linux',
  mobile: false,
  brands: ['Chromium 156', 'Google Chrome 156', 'Not=A?Brand 24'],
  sdkVersion: '0.1.0',
};
const SETTINGS = { protocol: 'http/protobuf', batchSpans: 512, batchKilobytes: 1024, spanEvents: false, resourceTimingEvents: false } as const;
/** What the exporter reads at a time: four requests' spans (IN_FLIGHT × batchSpans, src/export/exporter.ts). */
const READ = 2048;

/** `spans` as a read of the store gives them: each stored batch (one payload row) structured-cloned, as IndexedDB does. */
const readBack = (spans: SpanRecord[]): SpanRecord[] => {
  const out: SpanRecord[] = [];
  for (let i = 0; i < spans.length; i += BATCH) out.push(...(deserialize(serialize(spans.slice(i, i + BATCH))) as SpanRecord[]));
  return out;
};

/** The storage section's encoding row's spans: `count` fetches, in page views of BATCH. */
async function fetchSpans(count: number): Promise<SpanRecord[]> {
  const tracer = await Tracer.load('background');
  const spans: SpanRecord[] = [];
  for (let view = 1; spans.length < count; view++) {
    const page = { traceId: view.toString(16).padStart(32, '0'), rootSpanId: view.toString(16).padStart(16, '0'), timeOrigin: 1_732_172_400_000, url: 'https://shop.example/cart' };
    spans.push(...toSpans(tracer, page, fetches(Math.min(BATCH, count - spans.length))).spans);
  }
  return spans;
}

const range = (xs: number[]) => `${median(xs).toFixed(2)} µs (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

/** Loads `dir`'s encodeSignal (another checkout of this repository). */
async function encoderOf(dir: string): Promise<EncodeSignal> {
  return ((await import(`${dir}/src/export/requests.ts`)) as { encodeSignal: EncodeSignal }).encodeSignal;
}

/** The bodies `encode` writes for `spans`, read by read, as one buffer to compare. */
const bodies = (encode: EncodeSignal, spans: SpanRecord[]) => {
  const out: Uint8Array[] = [];
  for (let i = 0; i < spans.length; i += READ) out.push(...encode('traces', spans.slice(i, i + READ), SETTINGS, BROWSER).map((part) => part.body));
  return Buffer.concat(out);
};

/**
 * Rows: µs per span of encodeSignal over the spans in reads of READ, each variant (this checkout's
 * and the baseline's encoder, on real pages' spans and on the fetch spans) timed in every run.
 */
export async function benchEncode(views: number, runs: number, baseline?: string): Promise<Row[]> {
  const realistic = readBack(await pageViews(views));
  const fetched = readBack(await fetchSpans(realistic.length));
  const { encodeSignal } = await import('../src/export/requests');
  const encoders: [string, EncodeSignal][] = [['', encodeSignal]];
  if (baseline) encoders.push(['baseline: ', await encoderOf(baseline)]);
  const perSpan = (spans: SpanRecord[]) => Math.round(bodies(encodeSignal, spans).length / spans.length);
  const variants = encoders.flatMap(([label, encode]) => [
    { what: `${label}real pages' spans (${realistic.length.toLocaleString('en-US')}, ${views} page views, ${perSpan(realistic)} B/span)`, encode, spans: realistic },
    { what: `${label}the storage row's fetch spans (as many, ${perSpan(fetched)} B/span)`, encode, spans: fetched },
  ]);
  // What encodeSignal does before the writer: vitals' superseded reports, resource grouping. It
  // is the first to read each span, so it also pays for bringing the spans into the CPU's caches.
  const before: EncodeSignal = (_, spans) => (supersededReports(spans), groupByResource(spans, BROWSER), []);
  variants.push({ what: "of which before the writer (superseded vitals, resource groups), real pages' spans", encode: before, spans: realistic });
  if (baseline) {
    for (const spans of [realistic, fetched]) {
      if (!bodies(encodeSignal, spans).equals(bodies(encoders[1]![1], spans))) throw new Error('the baseline wrote different bytes');
    }
  }
  const times = variants.map(() => [] as number[]);
  for (let run = -2; run < runs; run++) {
    // Every variant each run, in a random order: drift and warm-up fall on all alike.
    for (const i of shuffled([...variants.keys()])) {
      const { encode, spans } = variants[i]!;
      const started = performance.now();
      for (let from = 0; from < spans.length; from += READ) encode('traces', spans.slice(from, from + READ), SETTINGS, BROWSER);
      if (run >= 0) times[i]!.push(((performance.now() - started) * 1000) / spans.length);
    }
  }
  const rows: Row[] = variants.map(({ what }, i) => ({ what: `encodeSignal, 512-span requests: ${what}`, value: range(times[i]!) }));
  if (baseline) {
    for (let i = 0; i < 2; i++) {
      const ratios = times[i]!.map((t, run) => times[i + 2]![run]! / t);
      rows.push({ what: `baseline ÷ this, run by run: ${i ? 'fetch spans' : "real pages' spans"}`, value: `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` });
    }
  }
  return rows;
}

/** The checkout `--encode-baseline=DIR` names, if any. */
export const encodeBaseline = (argv: readonly string[]) => argv.find((arg) => arg.startsWith('--encode-baseline='))?.slice('--encode-baseline='.length);

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report');
  printTable('Export encoding, in Node\'s V8 (median and range of 25 interleaved runs)', await benchEncode(240, 25, encodeBaseline(process.argv)), 'per span');
}
