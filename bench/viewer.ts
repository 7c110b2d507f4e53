/**
 * The viewer at scale, in the built extension in headless Chromium: a store of `stored` spans in
 * page views of 100, plus one page view per size in `traces` (e.g. 100,000 and 1,000,000 spans),
 * put in through the viewer's own import path (the background stores parts of 2,000 spans and
 * indexes their page views). Those big traces have a page's shape at scale: a few thousand
 * children under the root, spans under recent ones, and nested chains tens of levels deep. For each:
 * - open viewer.html at it: time from navigation to the waterfall's first paint (its
 *   `spanlight:waterfall-painted` mark: the first stored batch read, laid out, drawn), and to the
 *   paint with every span (the rest loads progressively); the tab's JS heap, garbage collected;
 * - scroll, pan and zoom it one step per animation frame: frame times;
 * and once, the viewer's page-view list over the whole store: time to the first page listed.
 */
/// <reference types="chrome" />
import type { BrowserContext, Page } from 'playwright-core';
import { launchExtension } from '../test/e2e/support/extension';
import { median } from './paired';
import type { Row } from './report';

/** Generates and imports spans inside an extension page (nothing large crosses from Node); the big traces' ids. */
function seed(page: Page, pageViews: number, perView: number, traces: number[]): Promise<string[]> {
  return page.evaluate(
    async ({ pageViews, perView, traces }) => {
      const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
      const now = Math.floor(Date.now() / 1000) - 3600;
      const send = async (spans: unknown[], key: string) => {
        const answer = await chrome.runtime.sendMessage({ type: 'import-spans', key, spans });
        if (!answer?.ok) throw new Error(`import failed: ${JSON.stringify(answer)}`);
      };
      const view = (size: number, at: number) => {
        const traceId = hex(16);
        const rootId = hex(8);
        const url = `https://shop${at % 7}.example/p/${at}`;
        const spans: { traceId: string; spanId: string; [field: string]: unknown }[] = [];
        for (let i = 0; i < size; i++) {
          const parent: string | undefined = i === 0 ? undefined : i < 100 ? rootId : spans[1 + (i % 99)]!.spanId;
          const start: [number, number] = [now + at, (i * 7919) % 900_000_000];
          spans.push({
            traceId,
            spanId: i === 0 ? rootId : hex(8),
            ...(parent ? { parentSpanId: parent } : {}),
            name: i === 0 ? 'documentLoad' : i % 3 ? 'resourceFetch' : 'GET',
            kind: i % 3 ? 0 : 2,
            start,
            end: [start[0], start[1] + 1_000_000 + (i % 50) * 200_000] as [number, number],
            status: { code: i % 97 === 0 ? 2 : 0 },
            attributes: { 'url.full': i === 0 ? url : `${url}/res/${i}.js`, 'server.address': `cdn${i % 5}.example`, 'session.id': `s${Math.floor(at / 20)}` },
            events: [],
            pageUrl: url,
          });
        }
        return spans;
      };
      /**
       * A big trace, sent 2,000 spans at a time as it is made: the root lasts a minute and has a
       * few thousand children; after them a span goes under the one before it (nested chains of
       * 20–80), under one of the last 5,000 (wide), or under one of the root's children. Each
       * child starts and ends inside its parent. Seeded, so every run lays out the same tree.
       */
      const bigTrace = async (size: number, at: number) => {
        let state = 0x9e3779b9 ^ size;
        const random = () => {
          state = (state + 0x6d2b79f5) | 0;
          let t = Math.imul(state ^ (state >>> 15), 1 | state);
          t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const id = () => (random() * 2 ** 32 >>> 0).toString(16).padStart(8, '0') + (random() * 2 ** 32 >>> 0).toString(16).padStart(8, '0');
        const traceId = hex(16);
        const url = `https://shop.example/big/${size}`;
        const rootKids = Math.min(3000, Math.floor(size / 4));
        const ids: string[] = new Array(size);
        const starts = new Float64Array(size);
        const ends = new Float64Array(size);
        const depths = new Uint16Array(size);
        const names = ['GET', 'resourceFetch', 'click', 'render', 'fetch', 'task'];
        let chain = 0;
        let part: unknown[] = [];
        for (let i = 0; i < size; i++) {
          let parent = -1;
          if (i > 0 && i <= rootKids) parent = 0;
          else if (i > 0) {
            if (chain === 0 && random() < 0.004) chain = 20 + Math.floor(random() * 60);
            if (chain > 0) {
              chain--;
              parent = i - 1;
            } else if (random() < 0.7) parent = Math.max(1, i - 1 - Math.floor(random() * 5000));
            else parent = 1 + Math.floor(random() * rootKids);
          }
          ids[i] = id();
          // Nanoseconds from the trace's start.
          if (parent < 0) {
            starts[i] = 0;
            ends[i] = 60e9;
          } else {
            const from = starts[parent]!;
            const room = ends[parent]! - from;
            starts[i] = from + Math.floor(random() * room * 0.8);
            ends[i] = starts[i]! + Math.max(1000, Math.floor(random() * (ends[parent]! - starts[i]!)));
            depths[i] = depths[parent]! + 1;
          }
          const name = i === 0 ? 'documentLoad' : names[i % names.length]!;
          const time = (ns: number): [number, number] => [now + at + Math.floor(ns / 1e9), ns % 1e9];
          part.push({
            traceId,
            spanId: ids[i],
            ...(parent >= 0 ? { parentSpanId: ids[parent] } : {}),
            name,
            kind: name === 'GET' || name === 'fetch' ? 2 : 0,
            start: time(starts[i]!),
            end: time(ends[i]!),
            status: { code: i % 97 === 0 ? 2 : 0 },
            attributes: i === 0 ? { 'url.full': url } : { 'url.full': `${url}/res/${i}.js`, 'server.address': `cdn${i % 5}.example`, 'http.response.status_code': i % 97 ? 200 : 500 },
            events: [],
            pageUrl: url,
          });
          if (part.length === 2000) {
            await send(part, `import:bench-big-${size}-${i}`);
            part = [];
          }
        }
        if (part.length) await send(part, `import:bench-big-${size}-rest`);
        return traceId;
      };
      let part: unknown[] = [];
      for (let v = 0; v < pageViews; v++) {
        part.push(...view(perView, v));
        if (part.length >= 2000) {
          await send(part, `import:bench-${v}`);
          part = [];
        }
      }
      if (part.length) await send(part, 'import:bench-rest');
      const ids: string[] = [];
      for (const [k, size] of traces.entries()) ids.push(await bigTrace(size, pageViews + 1 + k));
      return ids;
    },
    { pageViews, perView, traces },
  );
}

/** Milliseconds from navigation start to the mark `name` in `page` (waits for it). */
async function markTime(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => performance.getEntriesByName(n)[0]?.startTime, name, { timeout: 300_000 });
  return (await handle.jsonValue()) as number;
}

/** Milliseconds from navigation start to the waterfall's first paint with all `rows`. */
async function paintedWhole(page: Page, rows: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName('spanlight:waterfall-painted').find((e) => (e as PerformanceMark).detail === n)?.startTime,
    rows,
    { timeout: 300_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Runs one step per animation frame, `frames` times; resolves with the frame intervals (ms).
 * Scroll: 220 px down; zoom: w (in) or s (out), 20 of each in turn; pan: d or a, 20 of each in
 * turn, zoomed in to a tenth of the trace first (0.8¹⁰).
 */
function frameTimes(page: Page, kind: 'scroll' | 'zoom' | 'pan', frames: number): Promise<number[]> {
  return page.evaluate(
    ({ kind, frames }) =>
      new Promise<number[]>((resolve) => {
        const body = document.querySelector('.cw-body')!;
        const key = (key: string) => document.dispatchEvent(new KeyboardEvent('keydown', { key }));
        // Frames before the counted ones: a pan's zoom in, one step a frame (each key sees the view the last one drew).
        const warm = kind === 'pan' ? 10 : 2;
        const times: number[] = [];
        let last = performance.now();
        let i = 0;
        const tick = (now: number) => {
          times.push(now - last);
          last = now;
          const j = i - warm;
          if (kind === 'scroll') body.scrollTop += 220;
          else if (kind === 'zoom') key(i % 40 < 20 ? 'w' : 's');
          else key(j < 0 ? 'w' : j % 40 < 20 ? 'd' : 'a');
          if (++i < frames + warm) requestAnimationFrame(tick);
          else resolve(times.slice(warm + 1));
        };
        requestAnimationFrame(tick);
      }),
    { kind, frames },
  );
}

/** The page's JS heap in MB, after a garbage collection. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
const count = (n: number) => n.toLocaleString('en-US');
const spread = (values: number[]) => (values.length > 1 ? `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms, median ${median(values).toFixed(0)}` : `${values[0]!.toFixed(0)} ms`);
const frames = (values: number[]) => `${median(values).toFixed(1)} ms median, ${p95(values).toFixed(1)} ms p95 (${(1000 / median(values)).toFixed(0)} fps)`;

/** Opens the viewer at `traceId` (of `size` spans) `runs` times; the rows of its table. */
async function openTrace(context: BrowserContext, id: string, traceId: string, size: number, runs: number, target: string) {
  const opens: number[] = [];
  const wholes: number[] = [];
  const lists: number[] = [];
  let heap = 0;
  let scroll: number[] = [];
  let pan: number[] = [];
  let zoom: number[] = [];
  for (let run = 0; run < runs; run++) {
    const viewer = await context.newPage();
    await viewer.setViewportSize({ width: 1400, height: 900 });
    await viewer.goto(`chrome-extension://${id}/viewer.html#trace=${traceId}`);
    opens.push(await markTime(viewer, 'spanlight:waterfall-painted'));
    wholes.push(await paintedWhole(viewer, size));
    lists.push(await markTime(viewer, 'spanlight:page-views-listed'));
    if (run === 0) {
      // Frames once what the viewer derives after the whole trace is painted (the Events tab's count) is done.
      await viewer.waitForFunction(() => [...document.querySelectorAll('[role="tab"]')].some((tab) => tab.textContent?.startsWith('Events (')), undefined, { timeout: 300_000 });
      heap = await heapMb(viewer);
      scroll = await frameTimes(viewer, 'scroll', 120);
      zoom = await frameTimes(viewer, 'zoom', 120);
      pan = await frameTimes(viewer, 'pan', 120);
    }
    await viewer.close();
  }
  const rows: Row[] = [
    { what: `open a ${count(size)}-span trace: navigation → first waterfall paint (${runs} runs)`, value: spread(opens), target },
    { what: '… → the whole trace painted (it loads progressively)', value: spread(wholes) },
    { what: '… the viewer tab\'s JS heap with it painted, garbage collected', value: `${heap.toFixed(0)} MB` },
    { what: '… scroll the waterfall, 220 px per frame: frame interval', value: frames(scroll), target: '60 fps, p95 ≤ 33 ms' },
    { what: '… pan it (a tenth of the trace in view), one step per frame', value: frames(pan), target: '60 fps, p95 ≤ 33 ms' },
    { what: '… zoom it in and out, one step per frame', value: frames(zoom), target: '60 fps, p95 ≤ 33 ms' },
  ];
  return { rows, lists };
}

/** Section 9: `stored` spans in page views of 100, plus one trace of each size in `traces`, each opened `runs` times. */
export async function benchViewer(stored: number, traces: number[], runs: number): Promise<Row[]> {
  const extension = await launchExtension('chromium');
  try {
    const { context, id } = extension.chromium!;
    // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give pages one.
    await context.addInitScript('globalThis.__name = (f) => f');
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/options.html`);
    const seeded = performance.now();
    const traceIds = await seed(page, Math.floor(stored / 100), 100, traces);
    const seedMs = performance.now() - seeded;
    await page.close();
    const total = Math.floor(stored / 100) * 100 + traces.reduce((a, b) => a + b, 0);

    const rows: Row[] = [{ what: `seed: ${count(total)} spans imported through the background`, value: `${count(Math.round((total / seedMs) * 1000))} spans/s` }];
    const lists: number[] = [];
    for (const [k, size] of traces.entries()) {
      const target = k === traces.length - 1 && traces.length > 1 ? '≤ 1 s' : '≤ 300 ms';
      const opened = await openTrace(context, id, traceIds[k]!, size, runs, target);
      rows.push(...opened.rows);
      lists.push(...opened.lists);
    }
    rows.push({ what: `page-view list with ${count(total)} stored spans: navigation → first page listed`, value: spread(lists) });
    return rows;
  } finally {
    await extension.close();
  }
}
