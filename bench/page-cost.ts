/**
 * What Spanlight costs the pages it runs on, in headless Chromium, next to no instrumentation
 * and next to the OpenTelemetry JS web setup (bench/peers/otel-web.js) on the same pages:
 * - added main-thread time per fetch() call and per click handler (calls batched, as timers are
 *   coarse; median of rounds);
 * - page load: load event and LCP of a page with 20 resources (median of fresh tabs, the setups
 *   rotated load by load);
 * - renderer JS heap after 100k page events (clicks), garbage collected, against no extension;
 * - WASM instantiation per frame, and the load of a page with 10 iframes.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { bundle } from './bundle';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT } from './bundle';
import { launchChromium, median, SPANLIGHT, type BenchBrowser } from './chromium';
import type { Row } from './report';
import { startBenchSite, type BenchSite } from './site';

type Setup = 'plain' | 'empty' | 'spanlight' | 'otel';

const MEASURE = `<script>
// The main-thread time of n fetch() calls issued together, per call (batched: timers are coarse).
window.measureFetch = async (n) => {
  const pending = [];
  const t = performance.now();
  for (let i = 0; i < n; i++) pending.push(fetch('/api/data?' + i));
  const ms = (performance.now() - t) / n;
  await Promise.all(pending.map((p) => p.then((r) => r.text())));
  return ms;
};
// The time of n clicks dispatched to a handler, per click.
window.measureClicks = (n) => {
  const b = document.getElementById('buy');
  const t = performance.now();
  for (let i = 0; i < n; i++) b.click();
  return (performance.now() - t) / n;
};
window.loadEvent = () => performance.getEntriesByType('navigation')[0].loadEventEnd;
// Load event end and LCP (0 when the browser reports none within a second).
window.loadMetrics = () => new Promise((resolve) => {
  const load = performance.getEntriesByType('navigation')[0].loadEventEnd;
  const done = (lcp) => resolve({ load, lcp });
  new PerformanceObserver((list) => done(list.getEntries().at(-1).startTime)).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => done(0), 1000);
});
</script>`;

const OTEL = '<script src="/bundle/otel-web.js"></script>';

function resourcesPage(otel: boolean): string {
  const scripts = Array.from({ length: 6 }, (_, i) => `<script src="/res/${i}.js"></script>`).join('');
  const styles = Array.from({ length: 6 }, (_, i) => `<link rel="stylesheet" href="/res/${i}.css">`).join('');
  const images = Array.from({ length: 8 }, (_, i) => `<img src="/res/${i}.svg" width="64" height="64" alt="">`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>${otel ? OTEL : ''}${styles}${scripts}${MEASURE}</head>
<body><h1>Cart</h1><img src="/res/99.svg" width="480" height="240" alt="hero"><p>${'Lorem ipsum dolor sit amet. '.repeat(40)}</p>${images}
<button id="buy">Buy</button><script>document.getElementById('buy').addEventListener('click', () => { window.clicks = (window.clicks || 0) + 1; });</script></body></html>`;
}

function framesPage(frames: number): string {
  return `<!doctype html><html><head>${MEASURE}</head><body>${Array.from({ length: frames }, (_, i) => `<iframe src="/frame.html?${i}" width="100" height="60"></iframe>`).join('')}</body></html>`;
}

async function fresh(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  // A tab in the background records no LCP: the extension's own first-run tab must not cover it.
  await page.bringToFront();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const plus = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${((a - b) * 1000).toFixed(1)} µs`;

export interface PageCostSizes {
  fetches: number;
  clicks: number;
  loads: number;
  events: number;
}

export async function benchPageCost(sizes: PageCostSizes): Promise<{ calls: Row[]; load: Row[]; memory: Row[]; frames: Row[] }> {
  await Promise.all([bundle('bench/peers/otel-web.js', 'otel-web'), bundle('bench/browser/instantiate.ts', 'instantiate')]);
  const site: BenchSite = await startBenchSite();
  site.page('/plain.html', resourcesPage(false));
  site.page('/otel.html', resourcesPage(true));
  site.page('/frame.html', '<!doctype html><p>frame</p>');
  site.page('/frames-0.html', framesPage(0));
  site.page('/frames-10.html', framesPage(10));
  site.page('/instantiate.html', '<!doctype html><script src="/bundle/instantiate.js"></script>');
  // An extension with nothing in it: what Chromium charges a page for any extension, here.
  const empty = join(OUT, 'empty-extension');
  mkdirSync(empty, { recursive: true });
  writeFileSync(join(empty, 'manifest.json'), JSON.stringify({ name: 'empty', version: '1', manifest_version: 3 }));
  const browsers: Record<Setup, BenchBrowser> = {
    plain: await launchChromium(),
    empty: await launchChromium(empty),
    spanlight: await launchChromium(SPANLIGHT),
    otel: await launchChromium(),
  };
  const pageOf = (setup: Setup) => `${site.origin}/${setup === 'otel' ? 'otel' : 'plain'}.html`;
  const setups: Setup[] = ['plain', 'empty', 'spanlight', 'otel'];
  const callSetups: Setup[] = ['plain', 'spanlight', 'otel'];
  try {
    // Per-call cost: one tab per setup, warmed up, then sequential calls.
    const fetchMs: Record<Setup, number> = { plain: 0, empty: 0, spanlight: 0, otel: 0 };
    const clickMs: Record<Setup, number> = { plain: 0, empty: 0, spanlight: 0, otel: 0 };
    for (const setup of callSetups) {
      const page = await fresh(browsers[setup].context, pageOf(setup));
      const rounds = async (call: string) => {
        await page.evaluate(call);
        const out: number[] = [];
        for (let i = 0; i < 7; i++) out.push((await page.evaluate(call)) as number);
        return median(out);
      };
      fetchMs[setup] = await rounds(`measureFetch(${sizes.fetches})`);
      clickMs[setup] = await rounds(`measureClicks(${sizes.clicks})`);
      await page.close();
    }
    const calls: Row[] = [
      { what: `fetch() call, main thread, no instrumentation (${sizes.fetches} calls issued together, median of 7 rounds)`, value: us(fetchMs.plain) },
      { what: 'fetch() call with Spanlight', value: `${us(fetchMs.spanlight)} (${plus(fetchMs.spanlight, fetchMs.plain)})`, target: '≤ +2 µs' },
      { what: 'fetch() call with OpenTelemetry JS (instrumentation-fetch, zone.js)', value: `${us(fetchMs.otel)} (${plus(fetchMs.otel, fetchMs.plain)})` },
      { what: `click handler, no instrumentation (${sizes.clicks} clicks, median of 7 rounds)`, value: `${(clickMs.plain * 1000).toFixed(1)} µs` },
      { what: 'click handler with Spanlight', value: `${(clickMs.spanlight * 1000).toFixed(1)} µs (${plus(clickMs.spanlight, clickMs.plain)})` },
      { what: 'click handler with OpenTelemetry JS (user-interaction, zone.js)', value: `${(clickMs.otel * 1000).toFixed(1)} µs (${plus(clickMs.otel, clickMs.plain)})` },
    ];

    // Page load: fresh tabs, setups rotated load by load.
    const loads: Record<Setup, { load: number; lcp: number }[]> = { plain: [], empty: [], spanlight: [], otel: [] };
    for (let i = 0; i < sizes.loads; i++) {
      for (const setup of i % 2 ? [...setups].reverse() : setups) {
        const page = await fresh(browsers[setup].context, pageOf(setup));
        loads[setup].push((await page.evaluate('loadMetrics()')) as { load: number; lcp: number });
        await page.close();
      }
    }
    const loadOf = (setup: Setup) => median(loads[setup].map((l) => l.load));
    const lcpOf = (setup: Setup) => median(loads[setup].map((l) => l.lcp));
    const pct = (setup: Setup, base: Setup = 'plain') => `${loadOf(setup) >= loadOf(base) ? '+' : ''}${(((loadOf(setup) - loadOf(base)) / loadOf(base)) * 100).toFixed(1)} %`;
    const load: Row[] = [
      { what: `no instrumentation (median of ${sizes.loads} loads)`, value: `load ${loadOf('plain').toFixed(1)} ms · LCP ${lcpOf('plain').toFixed(1)} ms` },
      { what: 'with an empty extension (what any extension costs a page here)', value: `load ${loadOf('empty').toFixed(1)} ms (${pct('empty')}) · LCP ${lcpOf('empty').toFixed(1)} ms` },
      {
        what: 'with Spanlight',
        value: `load ${loadOf('spanlight').toFixed(1)} ms (${pct('spanlight')}; ${pct('spanlight', 'empty')} over the empty extension) · LCP ${lcpOf('spanlight').toFixed(1)} ms`,
        target: '≤ +1 %',
      },
      { what: 'with OpenTelemetry JS (web SDK + 4 instrumentations + zone.js)', value: `load ${loadOf('otel').toFixed(1)} ms (${pct('otel')}) · LCP ${lcpOf('otel').toFixed(1)} ms` },
    ];

    // Renderer heap after the same page events, garbage collected.
    const heapAfter = async (setup: 'plain' | 'spanlight') => {
      const page = await fresh(browsers[setup].context, pageOf(setup));
      const cdp = await browsers[setup].context.newCDPSession(page);
      const used = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      const before = await used();
      for (let done = 0; done < sizes.events; done += 10_000) await page.evaluate(`measureClicks(${Math.min(10_000, sizes.events - done)})`);
      // Let the bridge flush what it took before measuring what stays.
      await page.evaluate('new Promise((r) => setTimeout(r, 600))');
      const after = await used();
      await page.close();
      return { before, after };
    };
    const plainHeap = await heapAfter('plain');
    const spanlightHeap = await heapAfter('spanlight');
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const memory: Row[] = [
      { what: 'renderer JS heap of the page, no extension: at load → after the events', value: `${kb(plainHeap.before)} → ${kb(plainHeap.after)}` },
      { what: `with Spanlight: at load → after ${sizes.events.toLocaleString('en-US')} clicks`, value: `${kb(spanlightHeap.before)} → ${kb(spanlightHeap.after)}` },
      {
        what: 'Spanlight\'s share (difference), at load → after the events',
        value: `${kb(spanlightHeap.before - plainHeap.before)} → ${kb(spanlightHeap.after - plainHeap.after)}`,
      },
    ];

    // WASM instantiation per frame, and a page of 10 iframes.
    const inst = await fresh(browsers.plain.context, `${site.origin}/instantiate.html`);
    const { medianUs, memoryBytes } = (await inst.evaluate('instantiateCore(50)')) as { medianUs: number; memoryBytes: number };
    await inst.close();
    const frameLoads: Record<string, number[]> = {};
    for (let i = 0; i < Math.max(5, sizes.loads >> 1); i++) {
      for (const setup of ['plain', 'spanlight'] as const) {
        for (const frames of [0, 10]) {
          const page = await fresh(browsers[setup].context, `${site.origin}/frames-${frames}.html`);
          (frameLoads[`${setup}-${frames}`] ??= []).push((await page.evaluate('loadEvent()')) as number);
          await page.close();
        }
      }
    }
    const f = (key: string) => median(frameLoads[key]!).toFixed(1);
    const frames: Row[] = [
      { what: 'tracer core instantiation (decode + compile + instantiate, median of 50)', value: `${medianUs.toFixed(0)} µs, ${(memoryBytes / 1024).toFixed(0)} KB linear memory` },
      { what: 'page with 0 → 10 iframes, no extension (load event)', value: `${f('plain-0')} → ${f('plain-10')} ms` },
      { what: 'page with 0 → 10 iframes, with Spanlight (load event)', value: `${f('spanlight-0')} → ${f('spanlight-10')} ms` },
    ];
    return { calls, load, memory, frames };
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    await site.close();
  }
}
