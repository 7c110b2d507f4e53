/**
 * `--fetch-baseline=DIR`: the fetch wrapper's own time in this build (.output/chrome-mv3) beside
 * another build's (DIR, e.g. main's), each in a tab of its own browser with no DevTools session
 * (cdp-pipe.ts), the two taking turns in a random order each round. Each round measures, within
 * its tab, refused calls through the page's fetch against an about:blank frame's (refusedFetchPair);
 * the rows give each build's time and the paired difference of the rounds, this − DIR.
 */
import { SPANLIGHT } from './chromium';
import { PipeBrowser } from './cdp-pipe';
import { describeDifference, pairedDifference, shuffled } from './paired';
import { refusedFetchPair, servePages } from './pages';
import type { Row } from './report';
import { startBenchSite } from './site';

export interface FetchBaselineSizes {
  rounds: number;
  /** Refused calls each way per round. */
  calls: number;
  /** Calls per block (the page's clock is coarse: a block is timed, not a call). */
  block: number;
}

export async function benchFetchBaseline(baseline: string, { rounds, calls, block }: FetchBaselineSizes): Promise<Row[]> {
  const site = await startBenchSite();
  servePages(site);
  const builds = { current: SPANLIGHT, baseline } as const;
  type Build = keyof typeof builds;
  const browsers = { current: await PipeBrowser.launch(builds.current), baseline: await PipeBrowser.launch(builds.baseline) };
  try {
    const tabs = { current: await browsers.current.open(`${site.origin}/plain.html`), baseline: await browsers.baseline.open(`${site.origin}/plain.html`) };
    const ms: Record<Build, number[]> = { current: [], baseline: [] };
    const expression = refusedFetchPair(calls, block);
    for (let round = -1; round < rounds; round++) {
      for (const build of shuffled(Object.keys(builds) as Build[])) {
        const value = (await tabs[build].evaluate(expression)) as number;
        if (round >= 0) ms[build].push(value);
      }
    }
    const us = (values: number[]) => describeDifference(pairedDifference(values), 'µs', 1000, 2);
    const what = `the fetch wrapper's own time (a refused call: the tab's fetch − an about:blank frame's, ${calls} each way per round in blocks of ${block})`;
    return [
      { what: `${what}: this build`, value: us(ms.current), target: '≤ +2 µs' },
      { what: `${what}: ${baseline}`, value: us(ms.baseline) },
      { what: `this build − ${baseline}, paired by round`, value: us(ms.current.map((v, i) => v - ms.baseline[i]!)) },
    ];
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    await site.close();
  }
}
