/**
 * The Spanlight side of the tracer benchmark (bench/tracer.ts), bundled by esbuild for the page:
 * the same SpanWriter and WASM core the bridge uses, batching into what the bridge sends.
 */
import { CoreCode, CoreError, loadCore } from '../../src/tracer/core';
import { SpanWriter } from '../../src/tracer/span-writer';
import type { WireSpanBatch } from '../../src/protocol/span-batch';
import { fromBase64 } from '../../src/protocol/base64';

const BATCH = 512;

declare global {
  var spanlightTracer: (n: number, keys: string[], values: string[], url?: string) => Promise<{ ms: number; exported: number }>;
  var plainObjects: (n: number, keys: string[], values: string[]) => Promise<{ ms: number; exported: number }>;
}

const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Times `n` spans of open + 5 string attributes + close, cut into wire batches of 512 (base64
 * tables and strings, as the bridge sends them). With `url`, the first attribute is that URL,
 * redacted by the core.
 */
globalThis.spanlightTracer = async (n, keys, values, url) => {
  const w = new SpanWriter(await loadCore());
  const page = { traceId: hex(16), rootSpanId: hex(8), timeOrigin: performance.timeOrigin, url: location.href };
  // Key ids are per batch: taken again after each begin().
  const keysOf = () => keys.map((k) => w.key(k)) as [number, number, number, number, number];
  const [v0, v1, v2, v3, v4] = values as [string, string, string, string, string];
  const batches: WireSpanBatch[] = [];
  const started = performance.now();
  w.begin(page);
  let [k0, k1, k2, k3, k4] = keysOf();
  for (let i = 0; i < n; i++) {
    w.open('GET', 2, i);
    if (url) w.url('url.full', url);
    else w.str(k0, v0);
    w.str(k1, v1);
    w.str(k2, v2);
    w.str(k3, v3);
    w.str(k4, v4);
    w.close(i + 1);
    if (i % BATCH === BATCH - 1) {
      batches.push(w.finish());
      w.begin(page);
      [k0, k1, k2, k3, k4] = keysOf();
    }
  }
  batches.push(w.finish());
  const ms = performance.now() - started;
  const exported = batches.reduce((sum, b) => sum + b.chunks.reduce((s, c) => s + fromBase64(c.spans).length / 64, 0), 0);
  if (exported !== n) throw new CoreError(`expected ${n} spans, batched ${exported}`, CoreCode.RANGE);
  return { ms, exported };
};

/** The floor of plain JS: one object per span with its attributes, pushed to an array. */
globalThis.plainObjects = async (n, keys, values) => {
  const out: unknown[] = [];
  const [k0, k1, k2, k3, k4] = keys as [string, string, string, string, string];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    out.push({ name: 'GET', start: i, end: i + 1, attributes: { [k0]: values[0], [k1]: values[1], [k2]: values[2], [k3]: values[3], [k4]: values[4] } });
  }
  return { ms: performance.now() - started, exported: out.length };
};
