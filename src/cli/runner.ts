/**
 * What `spanlight trace` asks of a browser, whichever drives it (chromium.ts, firefox.ts): load a
 * URL in a new tab, run the user's flow, wait for the page to go quiet, close the tab (which makes
 * the page report its last Web Vitals), and wait until the extension has stored all it will.
 */
import type { BrowserInfo } from '../otlp/resource';
import type { StoredSpanView } from './stored-spans';

/**
 * A user flow: drives the page after it loads (a login, a click: INP needs an interaction). It
 * gets the driver's page: Playwright's in Chromium, Puppeteer's in Firefox.
 */
export type Flow = (page: unknown, context: { url: string }) => Promise<void>;

export class RunError extends Error {}

/** How long a run may take to load, and to settle once its tab is closed. */
export const LOAD_TIMEOUT_MS = 60_000;
export const SETTLE_TIMEOUT_MS = 20_000;
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

/** Polls `read` until it has not changed in size for QUIET_MS (bounded by SETTLE_TIMEOUT_MS). */
export async function settled<T>(read: () => Promise<T[]>): Promise<T[]> {
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
export async function until<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first line of an error's message, for a one-line report. */
export const firstLine = (error: unknown) => ((error as Error)?.message ?? String(error)).split('\n')[0];

/** The browser info script, evaluated in an extension page (`api` is its `chrome` or `browser`). */
export function readBrowserInfo(): BrowserInfo {
  const data = (navigator as Navigator & { userAgentData?: { platform?: string; mobile?: boolean; brands?: { brand: string; version: string }[] } }).userAgentData;
  const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
  return {
    userAgent: navigator.userAgent,
    language: navigator.language,
    ...(data?.platform ? { platform: data.platform } : {}),
    ...(typeof data?.mobile === 'boolean' ? { mobile: data.mobile } : {}),
    ...(data?.brands?.length ? { brands: data.brands.map((b) => `${b.brand} ${b.version}`) } : {}),
    sdkVersion: api.runtime.getManifest().version,
  };
}

/** The spans a run stored: those in `after` and not in `before`, in the order they were stored. */
export function storedSince(before: readonly StoredSpanView[], after: readonly StoredSpanView[]): StoredSpanView[] {
  const known = new Set(before.map((s) => s.spanId));
  return after.filter((s) => !known.has(s.spanId));
}

/** Resolves once every stored span is delivered; rejects with the export's last error after `timeoutMs`. */
export async function allDelivered(
  stored: () => Promise<StoredSpanView[]>,
  status: () => Promise<{ export?: { pending?: number; state?: string; lastError?: string } } | undefined>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = await stored();
    if (spans.length && spans.every((s) => s.exported)) return;
    if (Date.now() > deadline) {
      const now = (await status())?.export;
      throw new RunError(`the spans did not reach the endpoint: ${now?.lastError ?? `export ${now?.state ?? 'not started'}, ${now?.pending ?? '?'} pending`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
