/**
 * npm run bench: Spanlight's cost and throughput, measured in headless Debian Chromium with the
 * built extension (.output/chrome-mv3; `npm run bench` builds it first). Prints one table per
 * section. `--quick` runs small sizes, as CI's smoke test does: it must run and print, and it
 * does not judge the timings.
 */
import { benchStorage, type Row } from './storage';

const quick = process.argv.includes('--quick');

function printTable(title: string, rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.what.length));
  console.log(`\n${title}\n`);
  console.log(`| ${'what'.padEnd(width)} | spans/s | target |`);
  console.log(`|${'-'.repeat(width + 2)}|---:|---|`);
  for (const row of rows) console.log(`| ${row.what.padEnd(width)} | ${row.value} | ${row.target ?? ''} |`);
}

const spans = quick ? 5_000 : 100_000;
printTable(`Storage and export: the real service worker, ${spans.toLocaleString('en-US')} spans per run`, await benchStorage(spans));
