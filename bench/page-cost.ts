/**
 * What Spanlight costs the pages it runs on, in headless Chromium, next to no instrumentation,
 * an empty extension and the OpenTelemetry JS web setup (bench/peers/otel-web.js), every
 * comparison paired and interleaved (bench/paired.ts), with a control of no instrumentation
 * against itself:
 * - added main-thread time per fetch() call and per click handler (calls batched, as timers are
 *   coarse; the setups' tabs take turns, round by round, in a random order);
 * - page load (load event, LCP, TBT) of a page of 20 resources and of a page modelled on a real
 *   site (bench/pages.ts), fresh tabs, the setups in a random order each round;
 * - the main-thread time of the extension's scripts at document_start, per frame (a CDP trace),
 *   and the CPU time the real-site load adds in every process and thread (bench/cpu-by-thread.ts);
 * - renderer JS heap after 100k page events (clicks), garbage collected, against no extension;
 * - WASM instantiation, where a frame runs the core (Firefox), and a page of 10 iframes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { bundle, OUT } from './bundle';
import { launchChromium, SPANLIGHT, type BenchBrowser } from './chromium';
import { fresh, loadRows, measureLoads, type LoadSetup } from './page-load';
import { MEASURE, refusedFetchPair, servePages } from './pages';
import { describeDifference, holdsZero, pairedDifference } from './paired';
import type { Row } from './report';
import { scriptTimes, untracedScriptTimes } from './script-time';
import { measureCalls, untracedCalls } from './calls';
import { cpuByThread } from './cpu-by-thread';
import { startBenchSite, type BenchSite } from './site';

function framesPage(frames: number): string {
  return `<!doctype html><html><head>${MEASURE}</head><body>${Array.from({ length: frames }, (_, i) => `<iframe src="/frame.html?${i}" width="100" height="60"></iframe>`).join('')}</body></html>`;
}

export interface PageCostSizes {
  fetches: number;
  clicks: number;
  /** Rounds of loads (each loads every setup once) and of per-call measures. */
  rounds: number;
  events: number;
}

type CallSetup = 'plain' | 'control' | 'spanlight' | 'otel';

function callRows(what: string, ms: Record<CallSetup, number[]>, target?: string): Row[] {
  const diff = (setup: CallSetup) => pairedDifference(ms[setup].map((v, i) => v - ms.plain[i]!));
  const control = diff('control');
  const us = (d: ReturnType<typeof diff>) => describeDifference(d, 'µs', 1000, 2);
  return [
    { what: `${what}: control, no instrumentation − no instrumentation (must hold 0)`, value: `${us(control)}${holdsZero(control) ? '' : ' · TOO NOISY: the control is not 0'}` },
    { what: `${what}: Spanlight − none`, value: us(diff('spanlight')), target },
    { what: `${what}: OpenTelemetry JS − none`, value: us(diff('otel')) },
  ];
}

/** Rows of differences measured within each tab (`ms`: one difference per round); OpenTelemetry JS's where it was measured. */
function inTabRows(what: string, ms: Record<'plain' | 'spanlight', number[]> & { otel?: number[] }, target?: string): Row[] {
  const us = (values: number[]) => describeDifference(pairedDifference(values), 'µs', 1000, 2);
  const control = pairedDifference(ms.plain);
  return [
    { what: `${what}: no instrumentation (must hold 0)`, value: `${us(ms.plain)}${holdsZero(control) ? '' : ' · TOO NOISY: the control is not 0'}` },
    { what: `${what}: Spanlight`, value: us(ms.spanlight), target },
    ...(ms.otel ? [{ what: `${what}: OpenTelemetry JS`, value: us(ms.otel) }] : []),
  ];
}

export async function benchPageCost(sizes: PageCostSizes): Promise<{ calls: Row[]; load: Row[]; scripts: Row[]; memory: Row[]; frames: Row[] }> {
  await Promise.all([bundle('bench/peers/otel-web.js', 'otel-web'), bundle('bench/browser/instantiate.ts', 'instantiate')]);
  const site: BenchSite = await startBenchSite();
  servePages(site);
  site.page('/frame.html', '<!doctype html><p>frame</p>');
  site.page('/frames-0.html', framesPage(0));
  site.page('/frames-10.html', framesPage(10));
  site.page('/instantiate.html', '<!doctype html><script src="/bundle/instantiate.js"></script>');
  // An extension with nothing in it: what Chromium charges a page for any extension, here.
  const empty = join(OUT, 'empty-extension');
  mkdirSync(empty, { recursive: true });
  writeFileSync(join(empty, 'manifest.json'), JSON.stringify({ name: 'empty', version: '1', manifest_version: 3 }));
  const browsers = {
    plain: await launchChromium(),
    control: await launchChromium(),
    empty: await launchChromium(empty),
    spanlight: await launchChromium(SPANLIGHT),
    otel: await launchChromium(),
  } satisfies Record<string, BenchBrowser>;
  // The control is a second browser launched as the first, without instrumentation: A against A,
  // as every other setup is a browser of its own.
  const contexts: Record<LoadSetup, BrowserContext> = {
    plain: browsers.plain.context,
    control: browsers.control.context,
    empty: browsers.empty.context,
    spanlight: browsers.spanlight.context,
    otel: browsers.otel.context,
  };
  const otelPage = (setup: LoadSetup, page: string) => `${site.origin}/${page}${setup === 'otel' ? '-otel' : ''}.html`;
  try {
    // Page load first: fresh tabs, every setup once per round in a random order.
    const twenty = await measureLoads(contexts, (setup) => (setup === 'otel' ? `${site.origin}/otel.html` : `${site.origin}/plain.html`), sizes.rounds);
    const real = await measureLoads(contexts, (setup) => otelPage(setup, 'site'), sizes.rounds);
    const load: Row[] = [...loadRows(twenty, 'a page of 20 resources'), ...loadRows(real, 'a page like a real site (50 resources, 10 requests, 3 iframes)')];
    // Which threads pay for it: every process's task time through the real-site load, Spanlight − an empty extension.
    const cpuRounds = Math.max(4, sizes.rounds >> 1);
    for (const row of await cpuByThread(browsers.spanlight.context, browsers.empty.context, `${site.origin}/site.html`, cpuRounds)) {
      load.push({ ...row, what: `real-site page, CPU time added, Spanlight − an empty extension (${cpuRounds} rounds): ${row.what}` });
    }

    // The extension's own scripts at document_start, per frame, from a trace of the site page:
    // as users run them (no DevTools session on the page), then under Playwright's.
    const scriptLoads = Math.max(3, sizes.rounds >> 2);
    const scripts = [
      ...(await untracedScriptTimes(SPANLIGHT, `${site.origin}/site.html`, scriptLoads * 2)),
      ...(await scriptTimes(browsers.spanlight.context, `${site.origin}/site.html`, scriptLoads)).map((row) => ({ ...row, what: `under Playwright's DevTools session (Runtime enabled), ${row.what}` })),
    ];

    // A page of 10 iframes.
    const frameLoads = await measureLoads({ plain: contexts.plain, spanlight: contexts.spanlight } as Record<LoadSetup, BrowserContext>, () => `${site.origin}/frames-10.html`, sizes.rounds);
    const frameDiff = pairedDifference(frameLoads.spanlight.map((l, i) => l.load - frameLoads.plain[i]!.load));

    // Per-call cost: one tab per setup, taking turns (after every load: the rounds
    // store some 200,000 spans, which would keep the background busy through the loads).
    const tabs: Record<CallSetup, Page> = {
      plain: await fresh(contexts.plain, otelPage('plain', 'plain')),
      control: await fresh(contexts.control, otelPage('control', 'plain')),
      spanlight: await fresh(contexts.spanlight, otelPage('spanlight', 'plain')),
      otel: await fresh(contexts.otel, `${site.origin}/otel.html`),
    };
    const fetches = await measureCalls(tabs, `measureFetch(${sizes.fetches})`, sizes.rounds);
    // The wrapper's own time, in one tab: its fetch against an about:blank frame's (the browser's),
    // on calls the browser refuses at once (GET with a body): all of the wrapper's work on the
    // call, and none of the network stack's, whose time per call (~0.3 ms here) hides a few µs.
    const refused = sizes.fetches * 10;
    const refusedPair = refusedFetchPair(refused, 100);
    const pairs = await measureCalls(tabs, refusedPair, sizes.rounds);
    const clicks = await measureCalls(tabs, `measureClicks(${sizes.clicks})`, sizes.rounds);
    await Promise.all(Object.values(tabs).map((tab) => tab.close()));
    const untraced = await untracedCalls({ plain: undefined, spanlight: SPANLIGHT }, `${site.origin}/plain.html`, refusedPair, sizes.rounds);
    const calls: Row[] = [
      ...callRows(`fetch() call, main thread (${sizes.fetches} issued together per round)`, fetches),
      ...inTabRows(`fetch() call the browser refuses at once, in one tab with no DevTools session (as users run it): its fetch − the browser's own (an about:blank frame's), ${refused} each way per round in blocks of 100`, untraced, '≤ +2 µs'),
      ...inTabRows(`the same under Playwright's DevTools session (Runtime enabled: V8 records a detailed stack for each error made)`, pairs),
      ...callRows(`click handler (${sizes.clicks} clicks per round)`, clicks),
    ];

    // Renderer heap after the same page events, garbage collected.
    const heapAfter = async (setup: 'plain' | 'spanlight') => {
      const page = await fresh(browsers[setup].context, `${site.origin}/plain.html`);
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
        what: "Spanlight's share (difference), at load → after the events",
        value: `${kb(spanlightHeap.before - plainHeap.before)} → ${kb(spanlightHeap.after - plainHeap.after)}`,
      },
    ];

    // WASM instantiation (a Firefox top frame; other frames use the background's core).
    const inst = await fresh(browsers.plain.context, `${site.origin}/instantiate.html`);
    const { medianUs, memoryBytes } = (await inst.evaluate('instantiateCore(50)')) as { medianUs: number; memoryBytes: number };
    await inst.close();
    const frames: Row[] = [
      {
        what: 'tracer core instantiation (decode + compile + instantiate, median of 50), in a frame that runs the core (a Firefox top frame)',
        value: `${medianUs.toFixed(0)} µs, ${(memoryBytes / 1024).toFixed(0)} KB linear memory`,
        target: '≤ 64 KB per frame',
      },
      { what: 'load event of a page of 10 iframes: Spanlight − none', value: describeDifference(frameDiff) },
    ];
    return { calls, load, scripts, memory, frames };
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    await site.close();
  }
}
