/**
 * `spanlight trace` in headless Firefox (Debian's firefox-esr, FIREFOX_PATH, or firefox) with the
 * built add-on, through puppeteer-core over WebDriver BiDi. A flow gets Puppeteer's Page.
 * BiDi does not navigate to moz-extension: pages and reports them as about:blank, so the options
 * page the add-on opens on install is found by asking each tab where it is.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { allDelivered, browserInfoOf, firstLine, navigatorFields, RunError, runOnce, until, type Driver, type TraceBrowser } from './runner';
import { readLastSeq, readStoredSpans } from './stored-spans';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const ADDON_ID = 'spanlight@spanlight.dev';
/** A fixed moz-extension: origin for this profile, so the add-on's pages are known by URL. */
const UUID = '7d0c3f52-9a4e-4b8f-8e21-5c6b1a0d9f34';
const OPTIONS_URL = `moz-extension://${UUID}/options.html`;

/** The Firefox binary to run, or a RunError that says how to get one. */
export function firefoxBinary(): string {
  const path = process.env.FIREFOX_PATH || CANDIDATES.find(existsSync);
  if (!path || !existsSync(path)) {
    throw new RunError(
      `no Firefox found (${process.env.FIREFOX_PATH ? `FIREFOX_PATH=${process.env.FIREFOX_PATH} does not exist` : `looked for ${CANDIDATES.join(', ')}`}): install Debian's firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH`,
    );
  }
  return path;
}

/** The tab showing the add-on's options page. */
async function optionsTab(firefox: Browser): Promise<Page> {
  return until(async () => {
    for (const page of await firefox.pages()) {
      if ((await page.evaluate(() => location.href).catch(() => '')) === OPTIONS_URL) return page;
    }
    return undefined;
  }, 15_000);
}

/** Launches Firefox with the add-on in `extensionDir`, in a fresh profile. */
export async function launchFirefox(extensionDir: string, note: (text: string) => void): Promise<TraceBrowser> {
  const executablePath = firefoxBinary();
  let firefox: Browser;
  try {
    firefox = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
        // --endpoint is the user's consent to send: Firefox's data consent is granted without a prompt.
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
  } catch (error) {
    throw new RunError(`Firefox did not start (${executablePath}): ${firstLine(error)}`);
  }
  const close = () => firefox.close().catch(() => undefined);
  try {
    await firefox.installExtension(extensionDir);
    const control = await optionsTab(firefox);
    const driver: Driver<Page> = {
      newPage: () => firefox.newPage(),
      pages: () => firefox.pages(),
      stored: (afterSeq) => control.evaluate(readStoredSpans, afterSeq),
      lastSeq: () => control.evaluate(readLastSeq),
    };
    return {
      run: (url, flow) => runOnce(driver, url, flow, note),
      async exportTo(endpoint) {
        // Saved through the options page, as a user would: saving is what asks for Firefox's data consent.
        await control.type('input[name="endpoint"]', endpoint);
        await control.click('button[type="submit"]');
        await until(async () => ((await control.$eval('[data-testid="options-feedback"]', (el) => el.textContent).catch(() => '')) || undefined), 15_000);
        await control.evaluate(
          (value) => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({ settings: { export: { endpoint: value, intervalSeconds: 1 } } }),
          endpoint,
        );
      },
      browserInfo: async () => browserInfoOf(await control.evaluate(navigatorFields)),
      delivered: (timeoutMs) =>
        allDelivered(() => driver.stored(0), () => control.evaluate(async () => (await (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get('status')).status as never), timeoutMs),
      close,
    };
  } catch (error) {
    await close();
    throw error instanceof RunError ? error : new RunError(`the add-on did not start in Firefox: ${firstLine(error)}`);
  }
}
