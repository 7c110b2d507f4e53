/**
 * Headless Debian Chromium for the benchmarks, with the built extension (.output/chrome-mv3),
 * another one, or none, each launch in a fresh profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT } from './bundle';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built extension. */
export const SPANLIGHT = join(ROOT, '.output', 'chrome-mv3');

export interface BenchBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with the extension in directory `extension`, or with none. */
export async function launchChromium(extension?: string): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'spanlight-bench-profile-'));
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--js-flags=--expose-gc'];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args });
  if (extension === SPANLIGHT && !context.serviceWorkers().length) await context.waitForEvent('serviceworker');
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
