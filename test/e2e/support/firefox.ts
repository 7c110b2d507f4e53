/// <reference types="chrome" />
/**
 * Debian's firefox-esr through puppeteer-core over WebDriver BiDi, with .output/firefox-mv2
 * installed as a temporary add-on. BiDi will not navigate a tab to moz-extension:, so extension
 * pages are opened by the extension itself (tabs.create) and found by asking each tab where it
 * is: BiDi reports them as about:blank.
 */
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, adaptPage, controlThrough, type LaunchOptions, type LoadedExtension, type TabPage } from './extension';

const EXTENSION_DIR = join(ROOT, '.output', 'firefox-mv2');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'spanlight@spanlight.dev';
export const UUID = '5b1c6f0e-3a52-4d6b-9c1e-7f2a8d4e6b10';
const ORIGIN = `moz-extension://${UUID}`;

const adapt = (page: Page): TabPage =>
  adaptPage(page, async (selector, text) => {
    await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));
    await page.type(selector, text);
  }, async (selector, key) => {
    await page.focus(selector);
    await page.keyboard.press(key as Parameters<typeof page.keyboard.press>[0]);
  }, (width, height) => page.setViewport({ width, height }));

/** A tab, not among `known`, whose document is at `url`, once it exists (Firefox took over 15 s to open one on a loaded CI machine). */
async function findPage(firefox: Browser, url: string, known: Page[] = [], timeoutMs = 30_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of await firefox.pages()) {
      if (known.includes(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href === url) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no tab at ${url} after ${timeoutMs} ms`);
}

/** What every Firefox of the suites runs with. */
export const FIREFOX_PREFS = {
  // A fixed moz-extension: origin, so tests know the extension's URLs.
  'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
  // Grant optional permission requests (the data consent asked on save) without a prompt.
  'extensions.webextOptionalPermissionPrompts': false,
};

export async function launch(options: LaunchOptions = {}): Promise<LoadedExtension> {
  const firefox = await puppeteer.launch({
    ...(options.profile ? { userDataDir: options.profile } : {}),
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  await firefox.installExtension(EXTENSION_DIR);
  // The extension opens its options page on install: our way in.
  const control = adapt(await findPage(firefox, `${ORIGIN}/options.html`));
  const openPage = async (path: string) => {
    const url = `${ORIGIN}/${path}`;
    const known = await firefox.pages();
    await control.evaluate((u) => (globalThis as unknown as { browser: typeof chrome }).browser.tabs.create({ url: u }), url);
    return adapt(await findPage(firefox, url, known));
  };
  return {
    browserName: 'firefox',
    newPage: async () => adapt(await firefox.newPage()),
    openPage,
    ...controlThrough(control),
    close: () => firefox.close(),
  };
}
