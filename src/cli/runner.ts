/**
 * What `spanlight trace` asks of a browser, whichever drives it (chromium.ts, firefox.ts): load a
 * URL in a new tab, run the user's flow, wait for the page to go quiet, close the tab (which makes
 * the page report its last Web Vitals), and wait until the extension has stored all it will.
 */
import { readBrowserInfo, type BrowserInfo } from '../otlp/resource';
import type { StoredSpanView } from './stored-spans';

/**
 * A user flow: drives the page after it loads (a login, a click: INP needs an interaction). It
 * gets the driver's page: Playwright's in Chromium, Puppeteer's in Firefox.
 */
export type Flow = (page: unknown, context: { url: string }) => Promise<void>;

export class RunError extends Error {}

/** How long a run may take to load, its flow to run, and the store to settle once its tab is closed. */
export const LOAD_TIMEOUT_MS = 60_000;
export const FLOW_TIMEOUT_MS = 60_000;
export const SETTLE_TIMEOUT_MS = 20_000;
/** Quiet means no request in flight for this long; a page never quiet is left after NETWORK_CAP_MS. */
const NETWORK_QUIET_MS = 500;
const NETWORK_CAP_MS = 10_000;
/** The store is taken as settled when its span count has not moved for this long. */
const QUIET_MS = 1_000;

/** What a run needs of a driver's tab; Playwright's and Puppeteer's pages both have it. */
export interface DriverPage {
  goto(url: string, options: { waitUntil: 'load'; timeout: number }): Promise<unknown>;
  on(event: 'request' | 'requestfinished' | 'requestfailed', listener: (request: unknown) => void): unknown;
  close(options?: { runBeforeUnload?: boolean }): Promise<void>;
}

/** What a run needs of a driver. */
export interface Driver<P extends DriverPage> {
  /** Opens a tab. */
  newPage(): Promise<P>;
  /** Every tab open now (the extension's own included). */
  pages(): Promise<P[]>;
  /** The spans of the batches after `afterSeq`, and the last batch's number. */
  stored(afterSeq: number): Promise<StoredSpanView[]>;
  lastSeq(): Promise<number>;
}

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

/** Resolves as `work` does, or rejects with a RunError saying `what` took longer than `ms`. */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RunError(`${what} took longer than ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once `page` has had no request in flight for NETWORK_QUIET_MS; false when it never
 * had, within NETWORK_CAP_MS. Counted from the page's own request events, attached before the
 * load: a driver's "network idle" fires once per document, so it says nothing of a flow's requests.
 */
function trackRequests(page: DriverPage): () => Promise<boolean> {
  let inFlight = 0;
  let changed = Date.now();
  page.on('request', () => {
    inFlight++;
    changed = Date.now();
  });
  const done = () => {
    inFlight = Math.max(0, inFlight - 1);
    changed = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async () => {
    const cap = Date.now() + NETWORK_CAP_MS;
    while (Date.now() < cap) {
      if (inFlight === 0 && Date.now() - changed >= NETWORK_QUIET_MS) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  };
}

/**
 * One run of `url`: loads it in a new tab, runs `flow` (bounded), waits for the network to go
 * quiet (bounded, said when it does not), closes the tab and any it opened (which makes the page
 * report its last Web Vitals), and resolves to the spans stored meanwhile, once the store settles.
 */
export async function runOnce<P extends DriverPage>(driver: Driver<P>, url: string, flow: Flow | undefined, note: (text: string) => void): Promise<StoredSpanView[]> {
  const afterSeq = await driver.lastSeq();
  const open = new Set(await driver.pages());
  const page = await driver.newPage();
  const quiet = trackRequests(page);
  try {
    try {
      await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    } catch (error) {
      throw new RunError(`could not load ${url}: ${firstLine(error)}`);
    }
    if (flow) await within(flow(page, { url }), FLOW_TIMEOUT_MS, `the flow on ${url}`);
    if (!(await quiet())) note(`${url}: requests were still in flight after ${NETWORK_CAP_MS / 1000} s; the run went on`);
    // The page load stored before the tab goes: a tab closed while the background was still
    // taking its batches lost them (seen in Chromium with a popup open), which leaving must not.
    await until(async () => ((await driver.stored(afterSeq)).some((s) => s.name === 'documentLoad') ? true : undefined), SETTLE_TIMEOUT_MS).catch(() => undefined);
  } finally {
    // Popups and tabs the page or the flow opened go too: their spans are this run's, and a tab
    // left polling would keep every later run's store from settling. Closed, not navigated away:
    // a page going into the back/forward cache can hold its last messages (its final vitals).
    for (const other of await driver.pages()) if (!open.has(other)) await other.close({ runBeforeUnload: false }).catch(() => undefined);
  }
  const spans = await settled(() => driver.stored(afterSeq));
  if (!spans.some((s) => s.name === 'documentLoad')) throw new RunError(`the extension stored no page load for ${url} (is capture off for this site?)`);
  return spans;
}

/** The first line of an error's message, for a one-line report. */
export const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/**
 * What the OTLP resource needs of the browser, evaluated in an extension page (`chrome` or
 * `browser` there): its navigator's fields, as plain data, for resource.ts's readBrowserInfo.
 */
export function navigatorFields(): { navigator: Pick<Navigator, 'userAgent' | 'language'> & { userAgentData?: unknown }; version: string } {
  const data = (navigator as Navigator & { userAgentData?: { platform?: string; mobile?: boolean; brands?: { brand: string; version: string }[] } }).userAgentData;
  const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
  return {
    navigator: {
      userAgent: navigator.userAgent,
      language: navigator.language,
      ...(data ? { userAgentData: { platform: data.platform, mobile: data.mobile, brands: data.brands?.map((b) => ({ brand: b.brand, version: b.version })) } } : {}),
    },
    version: api.runtime.getManifest().version,
  };
}

/** The browser the extension's export would describe, from `navigatorFields` read in one of its pages. */
export function browserInfoOf(fields: ReturnType<typeof navigatorFields>): BrowserInfo {
  return readBrowserInfo(fields.navigator as Navigator, fields.version);
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
