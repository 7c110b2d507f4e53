// web-ext lint of the Firefox build: fails on any error, and on any warning but the one
// explained below, so a new warning is seen the day it appears.
// Usage: node scripts/lint-firefox.mjs   (after npm run build:firefox)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Warnings we accept, each with its reason. */
const EXPLAINED = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^chunks\/.*\.js$/,
    why: "Preact's renderer has an innerHTML assignment for dangerouslySetInnerHTML, which Spanlight never uses",
  },
];

const webExt = join('node_modules', 'web-ext', 'bin', 'web-ext.js');
let output;
try {
  output = execFileSync(process.execPath, [webExt, 'lint', '--source-dir', '.output/firefox-mv2', '--output', 'json'], {
    encoding: 'utf8',
  });
} catch (error) {
  output = error.stdout; // web-ext exits non-zero when it finds errors; the report is still on stdout
}
const report = JSON.parse(output);
const unexplained = report.warnings.filter((w) => !EXPLAINED.some((e) => e.code === w.code && e.file.test(w.file ?? '')));
for (const w of report.warnings) {
  const reason = EXPLAINED.find((e) => e.code === w.code && e.file.test(w.file ?? ''))?.why;
  console.log(`${reason ? 'explained' : 'WARNING'}: ${w.code} ${w.file ?? ''} ${reason ? `(${reason})` : w.message}`);
}
for (const e of report.errors) console.log(`ERROR: ${e.code} ${e.file ?? ''} ${e.message}`);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${unexplained.length} unexplained)`);
if (report.errors.length || unexplained.length) process.exit(1);
