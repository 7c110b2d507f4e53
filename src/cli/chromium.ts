/**
 * `spanlight trace` in headless Chromium (Debian's, CHROMIUM_PATH, or Google Chrome) with the
 * built extension, through playwright-core. A flow gets Playwright's Page.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { allDelivered, firstLine, LOAD_TIMEOUT_MS, readBrowserInfo, RunError, settled, storedSince, until, type TraceBrowser } from './runner';
import { readStoredSpans } from './stored-spans';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium binary to run, or a RunError that says how to get one. */
export function chromiumBinary(): string {
  const path = process.env.CHROMIUM_PATH ?? CANDIDATES.find(existsSync);
  if (!path || !existsSync(path)) {
    throw new RunError(
      `no Chromium found (${process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist` : `looked for ${CANDIDATES.join(', ')}`}): install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return path;
}

/** Launches Chromium with the extension in `extensionDir`, in a fresh profile. */
export async function launchChromium(extensionDir: string): Promise<TraceBrowser> {
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
    const stored = () => control.evaluate(readStoredSpans);
    return {
      async run(url, flow) {
        const before = await stored();
        const page = await context.newPage();
        try {
          await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
        } catch (error) {
          await page.close().catch(() => undefined);
          throw new RunError(`could not load ${url}: ${firstLine(error)}`);
        }
        if (flow) await flow(page, { url });
        // Quiet: no request in flight for 500 ms (Playwright's networkidle), or the load timeout.
        await page.waitForLoadState('networkidle', { timeout: LOAD_TIMEOUT_MS }).catch(() => undefined);
        await page.close({ runBeforeUnload: false });
        const spans = await settled(async () => storedSince(before, await stored()));
        if (!spans.some((s) => s.name === 'documentLoad')) throw new RunError(`the extension stored no page load for ${url} (is capture off for this site?)`);
        return spans;
      },
      async exportTo(endpoint) {
        await control.evaluate((value) => chrome.storage.local.set({ settings: { export: { endpoint: value, intervalSeconds: 1 } } }), endpoint);
      },
      browserInfo: () => control.evaluate(readBrowserInfo),
      delivered: (timeoutMs) => allDelivered(stored, () => control.evaluate(async () => (await chrome.storage.local.get('status')).status as never), timeoutMs),
      close,
    };
  } catch (error) {
    await close();
    throw error instanceof RunError ? error : new RunError(`the extension did not start in Chromium: ${firstLine(error)}`);
  }
}
