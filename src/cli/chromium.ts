/**
 * The browser `spanlight trace` drives: headless Chromium (Debian's, CHROMIUM_PATH, or Google
 * Chrome) with the built extension, through playwright-core. Each run loads a URL in a new tab,
 * runs the user's flow, waits for the page to go quiet, closes the tab (which makes the page
 * report its last Web Vitals) and waits until the extension has stored all it will.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { BrowserInfo } from '../otlp/resource';
import { readStoredSpans, type StoredSpanView } from './stored-spans';

/** A user flow: drives the page after it loads (a login, a click: INP needs an interaction). */
export type Flow = (page: Page, context: { url: string }) => Promise<void>;

export class RunError extends Error {}

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

/** How long a run may take to load, and to settle once its tab is closed. */
const LOAD_TIMEOUT_MS = 60_000;
const SETTLE_TIMEOUT_MS = 20_000;
/** The store is taken as settled when its span count has not moved for this long. */
const QUIET_MS = 1_000;

export interface TraceBrowser {
  /** Loads `url`, runs `flow`, and resolves to the spans stored since the call. */
  run(url: string, flow?: Flow): Promise<StoredSpanView[]>;
  /** Makes the extension export to `endpoint` (the settings, as a user would write them). */
  exportTo(endpoint: string): Promise<void>;
  /** What the OTLP resource says of this browser, as the extension's own export would. */
  browserInfo(): Promise<BrowserInfo>;
  /** Resolves once nothing is pending export; rejects with the export's last error after `timeoutMs`. */
  delivered(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Launches Chromium with the extension in `extensionDir`, in a fresh profile. */
export async function launchChromium(extensionDir: string): Promise<TraceBrowser> {
  const executablePath = chromiumBinary();
  const profile = await mkdtemp(join(tmpdir(), 'spanlight-trace-'));
  const args = [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--no-first-run', '--disable-sync', '--disable-component-update'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
      args,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw new RunError(`Chromium did not start (${executablePath}): ${(error as Error).message.split('\n')[0]}`);
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
        const before = new Set((await stored()).map((s) => s.spanId));
        const page = await context.newPage();
        try {
          await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
        } catch (error) {
          await page.close().catch(() => undefined);
          throw new RunError(`could not load ${url}: ${(error as Error).message.split('\n')[0]}`);
        }
        if (flow) await flow(page, { url });
        // Quiet: no request in flight for 500 ms (Playwright's networkidle), bounded.
        await page.waitForLoadState('networkidle', { timeout: LOAD_TIMEOUT_MS }).catch(() => undefined);
        await page.close({ runBeforeUnload: false });
        const spans = await settled(async () => (await stored()).filter((s) => !before.has(s.spanId)));
        if (!spans.some((s) => s.name === 'documentLoad')) throw new RunError(`the extension stored no page load for ${url} (is capture off for this site?)`);
        return spans;
      },
      browserInfo: () =>
        control.evaluate(() => {
          const data = (navigator as Navigator & { userAgentData?: { platform?: string; mobile?: boolean; brands?: { brand: string; version: string }[] } }).userAgentData;
          return {
            userAgent: navigator.userAgent,
            language: navigator.language,
            ...(data?.platform ? { platform: data.platform } : {}),
            ...(typeof data?.mobile === 'boolean' ? { mobile: data.mobile } : {}),
            ...(data?.brands?.length ? { brands: data.brands.map((b) => `${b.brand} ${b.version}`) } : {}),
            sdkVersion: chrome.runtime.getManifest().version,
          };
        }),
      async exportTo(endpoint) {
        await control.evaluate((value) => chrome.storage.local.set({ settings: { export: { endpoint: value, intervalSeconds: 1 } } }), endpoint);
      },
      async delivered(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const status = (await control.evaluate(async () => (await chrome.storage.local.get('status')).status)) as
            | { export?: { pending?: number; state?: string; lastError?: string } }
            | undefined;
          const spans = await stored();
          if (spans.length && spans.every((s) => s.exported)) return;
          if (Date.now() > deadline) {
            throw new RunError(`the spans did not reach the endpoint: ${status?.export?.lastError ?? `export ${status?.export?.state ?? 'not started'}, ${status?.export?.pending ?? '?'} pending`}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error instanceof RunError ? error : new RunError(`the extension did not start in Chromium: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Polls `read` until it has not changed in size for QUIET_MS (bounded by SETTLE_TIMEOUT_MS). */
async function settled<T>(read: () => Promise<T[]>): Promise<T[]> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = await read();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await read();
    if (next.length !== last.length) {
      last = next;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS && last.length) {
      return last;
    }
  }
  return last;
}

/** Resolves to `find()`'s first defined answer; rejects after `timeoutMs`. */
async function until<T>(find: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
