/**
 * Page-side size, gzip -9: what Spanlight's manifest injects into every page (content scripts,
 * web-vitals included; scripts/check-size.mjs holds Chromium's to 20 KB and Firefox's, which
 * inlines the WASM core, to 22 KB in CI) next
 * to OpenTelemetry JS bundled by esbuild (minified IIFE), the way a site would ship it.
 */
import { join } from 'node:path';
import { pageSideSizes } from '../scripts/page-side.mjs';
import { bundle, gzipSize, ROOT } from './bundle';
import type { Row } from './report';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchSize(): Promise<Row[]> {
  const ours = pageSideSizes(join(ROOT, '.output', 'chrome-mv3'));
  const total = ours.reduce((sum, f) => sum + f.size, 0);
  const sdk = gzipSize(await bundle('bench/peers/otel-sdk.js', 'otel-sdk'));
  const web = gzipSize(await bundle('bench/peers/otel-web.js', 'otel-web'));
  return [
    { what: `Spanlight page side (${ours.map((f) => `${f.file} ${kb(f.size)}`).join(' + ')})`, value: kb(total), ratio: `${(web / total).toFixed(1)}× smaller`, target: '≤ 20 KB' },
    { what: 'OpenTelemetry JS: web provider + batch processor + OTLP/HTTP exporter', value: kb(sdk) },
    { what: 'OpenTelemetry JS: the same + document-load, fetch, XHR, user-interaction + zone.js', value: kb(web) },
  ];
}
