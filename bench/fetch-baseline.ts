/**
 * `--fetch-baseline=DIR`: the fetch wrapper's own time in this build (.output/chrome-mv3) beside
 * another build's (DIR, e.g. main's), each in a tab of its own browser with no DevTools session
 * (cdp-pipe.ts), the two taking turns in a random order each round. Each round measures, within
 * its tab, refused calls through the page's fetch against an about:blank frame's (refusedFetchPair);
 * the rows give each build's time and the paired difference of the rounds, this − DIR.
 */
import { SPANLIGHT } from './chromium';
import { untracedCalls } from './calls';
import { describeDifference, pairedDifference } from './paired';
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
  try {
    const ms = await untracedCalls({ current: SPANLIGHT, baseline }, `${site.origin}/plain.html`, refusedFetchPair(calls, block), rounds);
    const us = (values: number[]) => describeDifference(pairedDifference(values), 'µs', 1000, 2);
    const what = `the fetch wrapper's own time (a refused call: the tab's fetch − an about:blank frame's, ${calls} each way per round in blocks of ${block})`;
    return [
      { what: `${what}: this build`, value: us(ms.current), target: '≤ +2 µs' },
      { what: `${what}: ${baseline}`, value: us(ms.baseline) },
      { what: `this build − ${baseline}, paired by round`, value: us(ms.current.map((v, i) => v - ms.baseline[i]!)) },
    ];
  } finally {
    await site.close();
  }
}
