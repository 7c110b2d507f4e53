/// <reference types="chrome" />
/**
 * The built extension loaded in a real browser, behind one interface for both browsers:
 * Chromium through playwright-core, Firefox through puppeteer-core over WebDriver BiDi.
 * Tests drive the extension from one of its own pages (storage, tabs, IndexedDB), where the
 * extension API is `browser` in Firefox and `chrome` in Chromium.
 */
import { join } from 'node:path';
import { readStoredSpans, type StoredSpanView } from '../../../src/cli/stored-spans';
import type { Status } from '../../../src/status';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const ARTIFACTS = join(ROOT, 'test-results');

export type BrowserName = 'chromium' | 'firefox';

export type { StoredSpanView };

/** What tests do with a tab, in both drivers. */
export interface TabPage {
  goto(url: string): Promise<void>;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  /** Focuses `selector` and presses `key` (e.g. Enter). */
  press(selector: string, key: string): Promise<void>;
  waitForSelector(selector: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  /** Evaluates a script's source in the page's main world (as a page script would run it, whatever the page's CSP). */
  runScript(source: string): Promise<void>;
  /** Resizes the tab's viewport, in CSS pixels. */
  setViewport(width: number, height: number): Promise<void>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

/** The methods Playwright's and Puppeteer's pages share. */
interface DriverPage {
  goto(url: string): Promise<unknown>;
  evaluate(fn: never, arg: never): Promise<unknown>;
  evaluate(source: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  waitForSelector(selector: string): Promise<unknown>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

/** A driver's page as a TabPage; filling in a field, pressing a key and the viewport differ between the drivers. */
export function adaptPage(
  page: DriverPage,
  fill: (selector: string, text: string) => Promise<void>,
  press: (selector: string, key: string) => Promise<void>,
  setViewport: (width: number, height: number) => Promise<void>,
): TabPage {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    click: (selector) => page.click(selector),
    type: fill,
    press,
    waitForSelector: async (selector) => void (await page.waitForSelector(selector)),
    screenshot: async (path) => void (await page.screenshot({ path, fullPage: true })),
    runScript: async (source) => void (await page.evaluate(source)),
    setViewport,
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

export interface LoadedExtension {
  browserName: BrowserName;
  /** Opens a blank tab. */
  newPage(): Promise<TabPage>;
  /** Opens one of the extension's pages (e.g. `popup.html?tabId=3`) in a tab. */
  openPage(path: string): Promise<TabPage>;
  /** Stores `settings` the way the options page does: storage.local `settings`. */
  setSettings(settings: unknown): Promise<void>;
  /** The background's status (storage.local `status`). */
  status(): Promise<Status | undefined>;
  /** The browser's id for the tab showing `url`. */
  tabIdOf(url: string): Promise<number>;
  /** Every span in the extension's IndexedDB, read directly, with whether the collector has it. */
  storedSpans(): Promise<StoredSpanView[]>;
  /** Chromium: the Playwright context and the extension's id, for flows that need Playwright's own API. */
  chromium?: { context: import('playwright-core').BrowserContext; id: string };
  /** Chromium: stops the service worker, as the browser does to idle workers (CDP Target.closeTarget). */
  killBackground?(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** A browser profile folder to keep across launches (the caller deletes it); a fresh one otherwise. */
  profile?: string;
  /** Chromium: the built extension's folder, when not .output/chrome-mv3 (the bench compares two builds). */
  extensionDir?: string;
}


/** The extension's control surface, through `control`, one of its own pages. */
export function controlThrough(control: TabPage): Pick<LoadedExtension, 'setSettings' | 'status' | 'tabIdOf' | 'storedSpans'> {
  return {
    async setSettings(settings) {
      await control.evaluate((value) => ((globalThis as { browser?: typeof chrome }).browser ?? chrome).storage.local.set({ settings: value }), settings);
    },
    status: () =>
      control.evaluate(async () => (await ((globalThis as { browser?: typeof chrome }).browser ?? chrome).storage.local.get('status')).status as Status | undefined, null),
    async tabIdOf(url) {
      // Compared here, not as a tabs.query pattern: Firefox's match patterns take no port.
      const ids = await control.evaluate(
        async (u) =>
          (await ((globalThis as { browser?: typeof chrome }).browser ?? chrome).tabs.query({}))
            .filter((t) => t.url === u)
            .map((t) => t.id),
        url,
      );
      if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`expected one tab at ${url}, found ${ids.length}`);
      return ids[0];
    },
    storedSpans: () => control.evaluate(readStoredSpans, null),
  };
}

/** Loads the built extension into `name`. */
export async function launchExtension(name: BrowserName, options: LaunchOptions = {}): Promise<LoadedExtension> {
  const launcher = name === 'chromium' ? await import('./chromium') : await import('./firefox');
  return launcher.launch(options);
}

/** Opens a test page in a new tab and resolves once it says it is ready (`<html data-ready="1">`). */
export async function openReadyPage(extension: LoadedExtension, url: string): Promise<TabPage> {
  const page = await extension.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-ready="1"]');
  return page;
}
