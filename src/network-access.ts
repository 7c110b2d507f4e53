/**
 * The extension's own view of the network (`webRequest`, observation only): what lets the
 * background record the requests the page side cannot see (docs/network.md). Firefox's manifest
 * requires it. Chromium's lists it as optional, asked for from the options page, because there an
 * extension holding it changes the console's message for a failed WebSocket handshake.
 */
import { browser } from 'wxt/browser';

/** The permission, as `permissions.request` and `contains` take it. */
export const NETWORK_ACCESS: { permissions: ['webRequest'] } = { permissions: ['webRequest'] };

/** Whether the user chooses (Chromium) rather than the manifest (Firefox). */
export const networkAccessOptional = (): boolean => !import.meta.env.FIREFOX;

/** Whether the extension holds the permission now. */
export function hasNetworkAccess(): Promise<boolean> {
  return browser.permissions.contains(NETWORK_ACCESS);
}

/**
 * Asks for the permission (true when held after). Call it synchronously from a user input
 * handler, before any await: the browser refuses the request otherwise.
 */
export function askNetworkAccess(): Promise<boolean> {
  return browser.permissions.request(NETWORK_ACCESS);
}

/** Gives the permission back (Chromium): the background stops recording what it observed. */
export function dropNetworkAccess(): Promise<boolean> {
  return browser.permissions.remove(NETWORK_ACCESS);
}

/**
 * Chromium starts reporting requests to an extension granted the permission only when it next
 * loads the extension (the browser's start, an update, turning it off and on), not when it is
 * granted: the background notes, for as long as the extension stays loaded (storage.session,
 * which outlives the service worker's restarts and not the extension's unloading), whether it
 * held the permission when loaded. Given back, it is noted as not reported: granted again in
 * the same run, the options page says it waits for the next start, as for a first grant.
 */
const LIVE_KEY = 'networkAccessLive';

/** The background, at each start: the first since the extension was loaded notes whether requests are reported. */
export async function noteNetworkAccessAtLoad(): Promise<void> {
  const noted = await browser.storage.session.get(LIVE_KEY);
  if (noted[LIVE_KEY] === undefined) await browser.storage.session.set({ [LIVE_KEY]: await hasNetworkAccess() });
}

/** The background, when the permission is given back. */
export async function noteNetworkAccessRemoved(): Promise<void> {
  await browser.storage.session.set({ [LIVE_KEY]: false });
}

/** Whether the browser reports requests in this run: held since the extension was loaded. */
export async function networkAccessLive(): Promise<boolean> {
  if (!networkAccessOptional()) return hasNetworkAccess();
  const [held, noted] = await Promise.all([hasNetworkAccess(), browser.storage.session.get(LIVE_KEY)]);
  return held && noted[LIVE_KEY] === true;
}
