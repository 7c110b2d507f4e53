// What the manifest injects into every page (each content script's files), gzip -9, per file.
// Shared by scripts/check-size.mjs (CI's budget) and bench/size.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The gzip -9 size of each file the manifest in `dir` injects into pages. */
export function pageSideSizes(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const files = [...new Set((manifest.content_scripts ?? []).flatMap((c) => c.js ?? []))];
  return files.map((file) => ({ file, size: gzipSync(readFileSync(join(dir, file)), { level: 9 }).length }));
}
