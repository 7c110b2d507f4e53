/**
 * What Spanlight adds to a page's load, as paired differences (bench/paired.ts): in each round
 * every setup loads the page once in a fresh tab, in a random order, and each comparison is the
 * difference within the round. No instrumentation is loaded twice per round, and those two
 * loads are the control: their difference must hold zero, or the table says the run is too
 * noisy to read.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describeDifference, describePercent, holdsZero, median, pairedDifference, shuffled } from './paired';
import type { Row } from './report';

export type LoadSetup = 'plain' | 'control' | 'empty' | 'spanlight' | 'otel';

export interface LoadMetrics {
  load: number;
  lcp: number;
  tbt: number;
}

/** Opens `url` in a fresh tab, in front (a tab behind records no LCP), and waits for its load event. */
export async function fresh(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.bringToFront();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** `rounds` rounds of one load per setup, in a random order each round. */
export async function measureLoads(
  contexts: Record<LoadSetup, BrowserContext>,
  urlOf: (setup: LoadSetup) => string,
  rounds: number,
): Promise<Record<LoadSetup, LoadMetrics[]>> {
  const setups = Object.keys(contexts) as LoadSetup[];
  const out = Object.fromEntries(setups.map((s) => [s, [] as LoadMetrics[]])) as Record<LoadSetup, LoadMetrics[]>;
  // One round first, not counted: the first loads of a fresh profile are slower.
  for (let round = -1; round < rounds; round++) {
    for (const setup of shuffled(setups)) {
      const page = await fresh(contexts[setup], urlOf(setup));
      const metrics = (await page.evaluate('loadMetrics()')) as LoadMetrics;
      await page.close();
      if (round >= 0) out[setup].push(metrics);
    }
  }
  return out;
}

const COMPARISONS: [what: string, setup: LoadSetup, base: LoadSetup][] = [
  ['control: no instrumentation − no instrumentation (must hold 0)', 'control', 'plain'],
  ['an empty extension − none (what any extension costs a page here)', 'empty', 'plain'],
  ['Spanlight − an empty extension', 'spanlight', 'empty'],
  ['Spanlight − none', 'spanlight', 'plain'],
  ['OpenTelemetry JS (web SDK + 4 instrumentations + zone.js) − none', 'otel', 'plain'],
];

/** The table rows of `loads`: each comparison's paired difference in load event, LCP and TBT. */
export function loadRows(loads: Record<LoadSetup, LoadMetrics[]>, page: string): Row[] {
  const rows: Row[] = [];
  const plain = median(loads.plain.map((l) => l.load));
  rows.push({
    what: `${page}: no instrumentation (median of ${loads.plain.length})`,
    value: `load ${plain.toFixed(1)} ms · LCP ${median(loads.plain.map((l) => l.lcp)).toFixed(1)} ms · TBT ${median(loads.plain.map((l) => l.tbt)).toFixed(0)} ms`,
  });
  for (const [what, setup, base] of COMPARISONS) {
    if (!loads[setup] || !loads[base]) continue;
    // A load whose LCP the browser did not report within a second (0) leaves its pair out of LCP.
    const diff = (metric: keyof LoadMetrics) =>
      pairedDifference(
        loads[setup].flatMap((l, i) => {
          const b = loads[base][i]!;
          return metric === 'lcp' && !(l.lcp > 0 && b.lcp > 0) ? [] : [l[metric] - b[metric]];
        }),
      );
    const load = diff('load');
    const baseLoad = median(loads[base].map((l) => l.load));
    const noisy = setup === 'control' && !holdsZero(load) && load.low !== undefined;
    rows.push({
      what: `… ${what}`,
      value: `load ${describeDifference(load)} = ${describePercent(load, baseLoad)} · LCP ${loads[setup].some((l, i) => l.lcp > 0 && loads[base][i]!.lcp > 0) ? describeDifference(diff('lcp')) : 'none reported'} · TBT ${describeDifference(diff('tbt'), 'ms', 1, 0)}${noisy ? ' · TOO NOISY: the control is not 0' : ''}`,
      target: setup === 'spanlight' && base === 'empty' ? 'load ≤ +2 %, TBT +0 ms' : undefined,
    });
  }
  return rows;
}
