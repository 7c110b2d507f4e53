/**
 * `spanlight trace` in headless Chromium (Debian's, or CHROMIUM_PATH) with the
 * built extension, through playwright-core. A flow gets Playwright's Page.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { allDelivered, browserInfoOf, firstLine, navigatorFields, RunError, runOnce, until, type Driver, type TraceBrowser } from './runner';
import { readLastSeq, readStoredSpans } from './stored-spans';

/**
 * Chromium, not Google Chrome: branded Chrome ignores --load-extension since version 137, so it
 * cannot run an unpacked extension from the command line.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary to run, or a RunError that says how to get one. */
export function chromiumBinary(): string {
  const path = process.env.CHROMIUM_PATH || CANDIDATES.find(existsSync);
  if (!path || !existsSync(path)) {
    throw new RunError(
      `no Chromium found (${process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist` : `looked for ${CANDIDATES.join(', ')}`}): install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium build (Google Chrome will not load an unpacked extension)`,
    );
  }
  return path;
}

/** Launches Chromium with the extension in `extensionDir`, in a fresh profile. */
export async function launchChromium(extensionDir: string, note: (text: string) => void): Promise<TraceBrowser> {
  const executablePath = chromiumBinary();
  const profile = await mkdtemp(join(tmpdir(), 'spanlight-trace-'));
  const args = [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--no-first-run', '--disable-sync', '--disable-component-update'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  let context: BrowserContext;
  try {
    // The back/forward cache stays on, as in a user's browser (Playwright turns it off by default).
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, ignoreDefaultArgs: ['--disable-back-forward-cache'], args });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw new RunError(`Chromium did not start (${executablePath}): ${firstLine(error)}`);
  }
  const close = async () => {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const id = new URL(worker.url()).host;
    // The extension opens its options page on install; that tab is the way in to its storage.
    const optionsUrl = `chrome-extension://${id}/options.html`;
    const control = await until(() => context.pages().find((p) => p.url() === optionsUrl), 15_000).catch(async () => {
      const page = await context.newPage();
      await page.goto(optionsUrl);
      return page;
    });
    const driver: Driver<Page> = {
      newPage: () => context.newPage(),
      pages: async () => context.pages(),
      stored: (afterSeq) => control.evaluate(readStoredSpans, afterSeq),
      lastSeq: () => control.evaluate(readLastSeq),
    };
    return {
      run: (url, flow) => runOnce(driver, url, flow, note),
      async exportTo(endpoint) {
        await control.evaluate((value) => chrome.storage.local.set({ settings: { export: { endpoint: value, intervalSeconds: 1 } } }), endpoint);
      },
      browserInfo: async () => browserInfoOf(await control.evaluate(navigatorFields)),
      delivered: (timeoutMs) => allDelivered(() => driver.stored(0), () => control.evaluate(async () => (await chrome.storage.local.get('status')).status as never), timeoutMs),
      close,
    };
  } catch (error) {
    await close();
    throw error instanceof RunError ? error : new RunError(`the extension did not start in Chromium: ${firstLine(error)}`);
  }
}
