/**
 * What the benchmarks load into pages, bundled the same way for both sides: esbuild, minified,
 * one IIFE per entry. The OpenTelemetry JS packages (and esbuild) live in bench/peers, installed
 * on first use: the SDK's 2.x line needs @opentelemetry/api < 1.10, which the extension's own
 * dependencies cannot share.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = join(import.meta.dirname, '..');
const PEERS = join(ROOT, 'bench', 'peers');

/** Installs bench/peers when its node_modules is missing or older than its package.json. */
export function ensurePeers(): void {
  const marker = join(PEERS, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(PEERS, 'package.json')).mtimeMs) return;
  console.log('bench: installing the OpenTelemetry JS packages to compare with (bench/peers)…');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEERS, stdio: 'inherit' });
}

type Esbuild = typeof import('esbuild');
let esbuild: Esbuild | undefined;

export const OUT = mkdtempSync(join(tmpdir(), 'spanlight-bench-'));

/** Bundles `entry` (relative to the repository) to OUT/`name`.js; returns its path. */
export async function bundle(entry: string, name: string): Promise<string> {
  esbuild ??= createRequire(join(PEERS, 'package.json'))('esbuild') as Esbuild;
  const outfile = join(OUT, `${name}.js`);
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    logLevel: 'error',
    // Pages are not Node: process.env reads in the SDK become constants, and WXT's build-time
    // switch (import.meta.env.FIREFOX) is Chromium's, where the bench runs.
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.FIREFOX': 'false' },
  });
  return outfile;
}

/** gzip -9 size of a file, in bytes. */
export function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}
