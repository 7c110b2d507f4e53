/// <reference types="chrome" />
/**
 * A browser for the compatibility suite, with or without the built extension, launched with the
 * same flags and prefs as support/chromium.ts and support/firefox.ts. Unlike those, it hands out
 * pages that keep what the browser's console and uncaught-error channels said, since console
 * output is part of what a page and its user can observe.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS, gotoExtensionPage } from './chromium';
import { ROOT, adaptPage, controlThrough, type BrowserName, type TabPage } from './extension';
import { FIREFOX, FIREFOX_PREFS, UUID } from './firefox';
import { launchAllowed } from './network-access';

const CHROME_EXTENSION = join(ROOT, '.output', 'chrome-mv3');
const FIREFOX_EXTENSION = join(ROOT, '.output', 'firefox-mv2');

/** What one visit to a case showed: the page's own record, and what the browser printed for it. */
export interface Visit {
  /** The page's record (record.js), as JSON. */
  record: unknown;
  /** Console messages, `type: text`, in order. */
  console: string[];
  /** Uncaught errors the driver saw, `name: message`. */
  pageErrors: string[];
}

export interface CompatBrowser {
  browserName: BrowserName;
  withExtension: boolean;
  /** Opens `url` in a fresh tab, waits for `html[data-done]`, and reads the page's record. */
  visit(url: string): Promise<Visit>;
  /** With the extension: the spans it stored (through its options page). */
  storedSpans?: () => ReturnType<ReturnType<typeof controlThrough>['storedSpans']>;
  /** Chromium with the extension: its options page. */
  control?: TabPage;
  close(): Promise<void>;
}

/** How long a case may take before its page counts as stuck. */
const CASE_TIMEOUT_MS = 20_000;

async function readVisit(
  waitDone: () => Promise<unknown>,
  evaluate: () => Promise<unknown>,
  console: string[],
  pageErrors: string[],
): Promise<Visit> {
  await waitDone();
  const record = JSON.parse((await evaluate()) as string);
  return { record, console: [...console], pageErrors: [...pageErrors] };
}

const readRecord = () => (globalThis as unknown as { __record: { json(): string } }).__record.json();

async function launchChromium(withExtension: boolean, kept?: string): Promise<CompatBrowser> {
  const profile = kept ?? (await mkdtemp(join(tmpdir(), 'spanlight-compat-')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [
      ...(withExtension ? [`--disable-extensions-except=${CHROME_EXTENSION}`, `--load-extension=${CHROME_EXTENSION}`] : []),
      ...CHROMIUM_FLAGS,
    ],
  });
  let storedSpans: CompatBrowser['storedSpans'];
  let control: TabPage | undefined;
  if (withExtension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    // The extension opens its options page on install; that page is the way to its storage.
    const optionsUrl = `chrome-extension://${id}/options.html`;
    let options = context.pages().find((p) => p.url() === optionsUrl);
    if (kept && !options) {
      options = await context.newPage();
      await gotoExtensionPage(options, optionsUrl);
    }
    for (const deadline = Date.now() + 15_000; !options && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      options = context.pages().find((p) => p.url() === optionsUrl);
    }
    if (!options) throw new Error('the extension did not open its options page on install');
    await options.waitForLoadState();
    const page = options;
    control = adaptPage(page, (s, t) => page.fill(s, t), (s, k) => page.press(s, k), (width, height) => page.setViewportSize({ width, height }));
    storedSpans = controlThrough(control).storedSpans;
  }
  return {
    browserName: 'chromium',
    withExtension,
    storedSpans,
    control,
    async visit(url) {
      const page = await context.newPage();
      const console: string[] = [];
      const pageErrors: string[] = [];
      page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
      try {
        await page.goto(url);
        return await readVisit(
          () => page.waitForSelector('html[data-done]', { state: 'attached', timeout: CASE_TIMEOUT_MS }),
          () => page.evaluate(readRecord),
          console,
          pageErrors,
        );
      } finally {
        await page.close();
      }
    },
    async close() {
      await context.close();
      if (!kept) await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Chromium with the extension and the browser's view of the network allowed (support/network-access.ts). */
export async function launchChromiumAllowed(): Promise<CompatBrowser> {
  const { browser, profile } = await launchAllowed((p) => launchChromium(true, p), async (b) => b.control!);
  return {
    ...browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A tab whose document is at `url`, once it exists (BiDi reports extension pages as about:blank). */
async function findPage(firefox: Browser, url: string, timeoutMs = 15_000): Promise<Page> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    for (const page of await firefox.pages()) {
      if ((await page.evaluate(() => location.href).catch(() => '')) === url) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no tab at ${url} after ${timeoutMs} ms`);
}

async function launchFirefox(withExtension: boolean): Promise<CompatBrowser> {
  const firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  let storedSpans: CompatBrowser['storedSpans'];
  if (withExtension) {
    await firefox.installExtension(FIREFOX_EXTENSION);
    // Its options page opening on install also says the add-on is running.
    const options = await findPage(firefox, `moz-extension://${UUID}/options.html`);
    const control: TabPage = adaptPage(options, async () => {}, async () => {}, (width, height) => options.setViewport({ width, height }));
    storedSpans = controlThrough(control).storedSpans;
  }
  return {
    browserName: 'firefox',
    withExtension,
    storedSpans,
    async visit(url) {
      const page = await firefox.newPage();
      const console: string[] = [];
      const pageErrors: string[] = [];
      page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => pageErrors.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
      try {
        await page.goto(url);
        return await readVisit(
          () => page.waitForSelector('html[data-done]', { timeout: CASE_TIMEOUT_MS }),
          () => page.evaluate(readRecord),
          console,
          pageErrors,
        );
      } finally {
        await page.close();
      }
    },
    close: () => firefox.close(),
  };
}

/** `browserName` with the built extension loaded. */
export const launchWithExtension = (browserName: BrowserName) => (browserName === 'chromium' ? launchChromium(true) : launchFirefox(true));

/** `browserName` with the same flags and prefs, and no extension. */
export const launchPlain = (browserName: BrowserName) => (browserName === 'chromium' ? launchChromium(false) : launchFirefox(false));
