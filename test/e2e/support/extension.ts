/// <reference types="chrome" />
/**
 * Loads the built extension (.output/chrome-mv3) into Debian's Chromium with playwright-core, in
 * a fresh profile, and gives tests the handles they need: the worker, settings, stored spans.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { StoredSpan } from '../../../src/store/db';

export const EXTENSION_DIR = join(import.meta.dirname, '..', '..', '..', '.output', 'chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', '..', '..', 'test-results');

export interface LoadedExtension {
  context: BrowserContext;
  worker: Worker;
  id: string;
  /** Opens one of the extension's pages (e.g. `popup.html?tabId=3`) as a tab. */
  openPage(path: string): Promise<Page>;
  /** Stores `settings` the way the options UI would: storage.local `settings`. */
  setSettings(settings: unknown): Promise<void>;
  /** The browser's id for the tab showing `url`. */
  tabIdOf(url: string): Promise<number>;
  /** Every span in the extension's IndexedDB, read directly. */
  storedSpans(): Promise<StoredSpan[]>;
  close(): Promise<void>;
}

export async function launchExtension(): Promise<LoadedExtension> {
  const profile = await mkdtemp(join(tmpdir(), 'spanlight-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  let reader: Page | undefined;

  const openPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/${path}`);
    return page;
  };

  return {
    context,
    worker,
    id,
    openPage,
    async setSettings(settings) {
      await worker.evaluate((value) => chrome.storage.local.set({ settings: value }), settings);
    },
    async tabIdOf(url) {
      const ids = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u })).map((t) => t.id), url);
      if (ids.length !== 1 || typeof ids[0] !== 'number') throw new Error(`expected one tab at ${url}, found ${ids.length}`);
      return ids[0];
    },
    async storedSpans() {
      reader ??= await openPage('popup.html?tabId=-1');
      return reader.evaluate(
        () =>
          new Promise<StoredSpan[]>((resolve, reject) => {
            const open = indexedDB.open('spanlight');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const request = open.result.transaction('spans').objectStore('spans').getAll();
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            };
          }),
      );
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
