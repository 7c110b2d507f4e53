/**
 * The viewer at scale, in the built extension in headless Chromium: a store of `stored` spans in
 * page views of 100, plus one page view of `traceSpans` spans, put in through the viewer's own
 * import path (the background stores parts of 2,000 spans and indexes their page views). Then:
 * - open viewer.html at the big trace: time from navigation to the waterfall's first paint
 *   (its `spanlight:waterfall-painted` mark: the first stored batch read, laid out, drawn), and
 *   to the paint with every span (the rest loads progressively);
 * - scroll and zoom it one step per animation frame: frame times;
 * - open the viewer's page-view list over the whole store: time to the first page listed.
 */
/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { launchExtension } from '../test/e2e/support/extension';
import { median } from './paired';
import type { Row } from './report';

/** Generates and imports spans inside an extension page (nothing large crosses from Node). */
function seed(page: Page, pageViews: number, perView: number, traceSpans: number): Promise<string> {
  return page.evaluate(
    async ({ pageViews, perView, traceSpans }) => {
      const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
      const now = Math.floor(Date.now() / 1000) - 3600;
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
      const send = async (spans: unknown[], key: string) => {
        const answer = await chrome.runtime.sendMessage({ type: 'import-spans', key, spans });
        if (!answer?.ok) throw new Error(`import failed: ${JSON.stringify(answer)}`);
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
      const big = view(traceSpans, pageViews + 1);
      for (let i = 0; i < big.length; i += 2000) await send(big.slice(i, i + 2000), `import:bench-big-${i}`);
      return big[0]!.traceId;
    },
    { pageViews, perView, traceSpans },
  );
}

/** Milliseconds from navigation start to the mark `name` in `page` (waits for it). */
async function markTime(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => performance.getEntriesByName(n)[0]?.startTime, name, { timeout: 120_000 });
  return (await handle.jsonValue()) as number;
}

/** Milliseconds from navigation start to the waterfall's first paint with all `rows`. */
async function paintedWhole(page: Page, rows: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName('spanlight:waterfall-painted').find((e) => (e as PerformanceMark).detail === n)?.startTime,
    rows,
    { timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Runs `step` once per animation frame, `frames` times; resolves with the frame intervals (ms). */
function frameTimes(page: Page, kind: 'scroll' | 'zoom', frames: number): Promise<number[]> {
  return page.evaluate(
    ({ kind, frames }) =>
      new Promise<number[]>((resolve) => {
        const body = document.querySelector('.cw-body')!;
        const times: number[] = [];
        let last = performance.now();
        let i = 0;
        const tick = (now: number) => {
          times.push(now - last);
          last = now;
          if (kind === 'scroll') body.scrollTop += 220;
          else document.dispatchEvent(new KeyboardEvent('keydown', { key: i % 40 < 20 ? 'w' : 's' }));
          if (++i < frames) requestAnimationFrame(tick);
          else resolve(times.slice(2));
        };
        requestAnimationFrame(tick);
      }),
    { kind, frames },
  );
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

export async function benchViewer(stored: number, traceSpans: number, runs: number): Promise<Row[]> {
  const extension = await launchExtension('chromium');
  try {
    const { context, id } = extension.chromium!;
    // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give pages one.
    await context.addInitScript('globalThis.__name = (f) => f');
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/options.html`);
    const seeded = performance.now();
    const traceId = await seed(page, Math.floor(stored / 100), 100, traceSpans);
    const seedMs = performance.now() - seeded;
    const total = Math.floor(stored / 100) * 100 + traceSpans;

    const opens: number[] = [];
    const wholes: number[] = [];
    const lists: number[] = [];
    let scroll: number[] = [];
    let zoom: number[] = [];
    for (let run = 0; run < runs; run++) {
      const viewer = await context.newPage();
      await viewer.setViewportSize({ width: 1400, height: 900 });
      await viewer.goto(`chrome-extension://${id}/viewer.html#trace=${traceId}`);
      opens.push(await markTime(viewer, 'spanlight:waterfall-painted'));
      wholes.push(await paintedWhole(viewer, traceSpans));
      lists.push(await markTime(viewer, 'spanlight:page-views-listed'));
      if (run === 0) {
        await viewer.waitForFunction(() => document.querySelector('.cw-body')?.getAttribute('data-total') !== null);
        scroll = await frameTimes(viewer, 'scroll', 122);
        zoom = await frameTimes(viewer, 'zoom', 122);
      }
      await viewer.close();
    }
    const frames = (values: number[]) => `${median(values).toFixed(1)} ms median, ${p95(values).toFixed(1)} ms p95 (${(1000 / median(values)).toFixed(0)} fps)`;
    return [
      { what: `seed: ${total.toLocaleString('en-US')} spans imported through the background`, value: `${Math.round((total / seedMs) * 1000).toLocaleString('en-US')} spans/s` },
      { what: `open a ${traceSpans.toLocaleString('en-US')}-span trace: navigation → first waterfall paint (median of ${runs})`, value: `${median(opens).toFixed(0)} ms`, target: '≤ 300 ms' },
      { what: `… → the whole trace painted (it loads progressively)`, value: `${median(wholes).toFixed(0)} ms` },
      { what: `page-view list with ${total.toLocaleString('en-US')} stored spans: navigation → first page listed`, value: `${median(lists).toFixed(0)} ms` },
      { what: 'scroll the waterfall, 220 px per frame: frame interval', value: frames(scroll), target: '60 fps' },
      { what: 'zoom the waterfall in and out, one step per frame: frame interval', value: frames(zoom), target: '60 fps' },
    ];
  } finally {
    await extension.close();
  }
}
