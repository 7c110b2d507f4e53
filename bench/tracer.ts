/**
 * Tracer cost in headless Chromium: start + 5 string attributes + end, batched, per span, for the
 * Spanlight core (SpanWriter + WASM, cut into the wire batches the bridge sends) and for
 * OpenTelemetry JS (BasicTracerProvider + BatchSpanProcessor + InMemorySpanExporter), with
 * explicit start and end times on both sides (the bridge gets its times from the page's events).
 * Runs alternate between the sides; each figure is the median of the runs.
 */
import { bundle } from './bundle';
import { launchChromium } from './chromium';
import { median } from './paired';
import type { Row } from './report';
import { startBenchSite } from './site';

const KEYS = ['http.request.method', 'server.address', 'url.path', 'user_agent.synthetic.type', 'app.component'];
const VALUES = ['GET', 'shop.example', '/api/items/42', 'none', 'checkout-button'];
const URL_WITH_SECRET = 'https://shop.example/api/items/42?q=shoes&token=abc123';

type Side = 'spanlightTracer' | 'otelTracer' | 'plainObjects';

export async function benchTracer(spans: number, runs: number): Promise<Row[]> {
  await Promise.all([bundle('bench/browser/tracer.ts', 'spanlight-tracer'), bundle('bench/peers/otel-tracer.js', 'otel-tracer')]);
  const site = await startBenchSite();
  site.page('/tracer.html', '<!doctype html><script src="/bundle/spanlight-tracer.js"></script><script src="/bundle/otel-tracer.js"></script>');
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/tracer.html`);
    const run = async (side: Side, url?: string) => {
      const result = await page.evaluate(
        ([side, n, keys, values, url]) => (globalThis as unknown as Record<Side, typeof globalThis.spanlightTracer>)[side](n, keys, values, url),
        [side, spans, KEYS, VALUES, url] as const,
      );
      if (result.exported !== spans) throw new Error(`${side}: ${result.exported} of ${spans} spans came out`);
      return result.ms;
    };
    const times: Record<string, number[]> = { spanlight: [], redacting: [], otel: [], plain: [] };
    // One warm-up round for the JIT, then the measured rounds.
    for (let round = 0; round <= runs; round++) {
      const spanlight = await run('spanlightTracer');
      const redacting = await run('spanlightTracer', URL_WITH_SECRET);
      const otel = await run('otelTracer');
      const plain = await run('plainObjects');
      if (round === 0) continue;
      times.spanlight!.push(spanlight);
      times.redacting!.push(redacting);
      times.otel!.push(otel);
      times.plain!.push(plain);
    }
    const perSpan = (key: string) => (median(times[key]!) * 1000) / spans;
    const row = (what: string, key: string, target?: string): Row => ({
      what,
      value: `${perSpan(key).toFixed(3)} µs · ${Math.round(1e6 / perSpan(key)).toLocaleString('en-US')}/s`,
      ratio: `${(perSpan('otel') / perSpan(key)).toFixed(1)}×`,
      ...(target ? { target } : {}),
    });
    return [
      row('Spanlight core: open + 5 attributes + close, 512-span wire batches', 'spanlight', '≥ 2,000,000/s and ≥ 10× OTel'),
      row('the same, the first attribute a URL redacted by the core', 'redacting'),
      row('OpenTelemetry JS 2.12: BatchSpanProcessor + InMemorySpanExporter', 'otel'),
      row('plain JS floor: one object per span pushed to an array (no ids, no batching)', 'plain'),
    ];
  } finally {
    await browser.close();
    await site.close();
  }
}
