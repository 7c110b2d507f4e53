// The page-side size budget: everything the manifest injects into a page (every content script,
// the tracer core's WASM inlined in them, web-vitals included), gzip -9. The target is 20 KB.
// Chromium's build is within it (its frames' core runs in the background); Firefox's carries
// the core and is held at 24 KB (the most the overhead issue allows), so it cannot grow further unnoticed (README, Cost): 22 KB
// until the bridge became stages of their own, each tested alone (~+0.4 KB); 22.5 KB until the
// WebSocket spans and workers' errors, which the page side must capture (their wrappers in both
// builds, and their parse and spans in Firefox's core, ~+1.1 KB), and 23.5 KB until requests' Resource Timing
// marks (+0.1 KB) came with them.
// Usage: node scripts/check-size.mjs [.output/chrome-mv3 ...]   (run by npm run test:e2e after the builds)
import { pageSideSizes } from './page-side.mjs';

const BUDGETS = { 'chrome-mv3': 20 * 1024, 'firefox-mv2': 24 * 1024 };
const budgetOf = (dir) => BUDGETS[dir.split('/').filter(Boolean).at(-1)] ?? 20 * 1024;
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['.output/chrome-mv3', '.output/firefox-mv2'];
let failed = false;
for (const dir of dirs) {
  const sizes = pageSideSizes(dir);
  const total = sizes.reduce((sum, { size }) => sum + size, 0);
  const detail = sizes.map(({ file, size }) => `${file} ${(size / 1024).toFixed(1)} KB`).join(' + ');
  const budget = budgetOf(dir);
  const verdict = total <= budget ? 'within' : 'OVER';
  console.log(`page side, ${dir}: ${(total / 1024).toFixed(1)} KB gzip, ${total} bytes (${detail}), ${verdict} the ${budget / 1024} KB budget`);
  if (total > budget) failed = true;
}
if (failed) process.exit(1);
