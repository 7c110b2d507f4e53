/// <reference types="chrome" />
/** Debian's Chromium through playwright-core, with .output/chrome-mv3 loaded in a fresh profile. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ROOT, adaptPage, controlThrough, type LaunchOptions, type LoadedExtension, type TabPage } from './extension';

const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const adapt = (page: Page): TabPage =>
  adaptPage(
    page,
    (selector, text) => page.fill(selector, text),
    (selector, key) => page.press(selector, key),
    (width, height) => page.setViewportSize({ width, height }),
  );

/** What every Chromium of the suites runs with: as root, headless, and nothing that calls out. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Opens `url` in `page`. The extension may open its options page in that very tab meanwhile (on
 * a load Chromium reports as an install): that navigation, to the same page, is not a failure.
 */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url);
  } catch (error) {
    if (!String(error).includes('interrupted by another navigation') || page.url() !== url) throw error;
    await page.waitForLoadState();
  }
}

export async function launch(options: LaunchOptions = {}): Promise<LoadedExtension> {
  const profile = options.profile ?? (await mkdtemp(join(tmpdir(), 'spanlight-chromium-')));
  const fresh = (await readdir(profile)).length === 0;
  const extension = options.extensionDir ?? EXTENSION_DIR;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // Playwright turns the back/forward cache off by default; the extension must work with it on, as in a user's browser.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, ...CHROMIUM_FLAGS],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const workerUrl = worker.url();
  const id = new URL(workerUrl).host;
  const newPage = async () => adapt(await context.newPage());
  const cdpPage = await context.newPage();
  const cdp = await context.newCDPSession(cdpPage);
  const openPage = async (path: string) => {
    const page = await context.newPage();
    await gotoExtensionPage(page, `chrome-extension://${id}/${path}`);
    return adapt(page);
  };
  // On a fresh profile the extension opens its options page on install; opening our own at the same
  // time races with it (openOptionsPage takes over an open options tab), so that page is our way in.
  const optionsUrl = `chrome-extension://${id}/options.html`;
  let installed: Page | undefined;
  for (const deadline = Date.now() + 15_000; fresh && !installed && Date.now() < deadline; ) {
    installed = context.pages().find((p) => p.url() === optionsUrl);
    if (!installed) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (fresh && !installed) throw new Error('the extension did not open its options page on install');
  if (installed) await installed.waitForLoadState();
  const control = installed ? adapt(installed) : await openPage('options.html');
  return {
    browserName: 'chromium',
    newPage,
    openPage,
    ...controlThrough(control),
    chromium: { context, id },
    async killBackground() {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const target = targetInfos.find((t) => t.type === 'service_worker' && t.url === workerUrl);
      if (!target) throw new Error('no running service worker to stop');
      await cdp.send('Target.closeTarget', { targetId: target.targetId });
    },
    async close() {
      await context.close();
      if (!options.profile) await rm(profile, { recursive: true, force: true });
    },
  };
}
