// The page-side size budget: everything the manifest injects into a page (every content script,
// the tracer core's WASM inlined in them, web-vitals included), gzip -9, must stay within 22 KB.
// The target is 20 KB; the README's Cost section says what is over it and why, and this guard
// keeps it from growing further unnoticed.
// Usage: node scripts/check-size.mjs [.output/chrome-mv3 ...]   (run by npm run test:e2e after the builds)
import { pageSideSizes } from './page-side.mjs';

const BUDGET = 22 * 1024;
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['.output/chrome-mv3', '.output/firefox-mv2'];
let failed = false;
for (const dir of dirs) {
  const sizes = pageSideSizes(dir);
  const total = sizes.reduce((sum, { size }) => sum + size, 0);
  const detail = sizes.map(({ file, size }) => `${file} ${(size / 1024).toFixed(1)} KB`).join(' + ');
  const verdict = total <= BUDGET ? 'within' : 'OVER';
  console.log(`page side, ${dir}: ${(total / 1024).toFixed(1)} KB gzip (${detail}), ${verdict} the ${BUDGET / 1024} KB budget`);
  if (total > BUDGET) failed = true;
}
if (failed) process.exit(1);
