/**
 * The UI → background channel (runtime.sendMessage from the popup, panel and options pages).
 * Only the extension's own pages may use it: the background checks the sender's URL, so a
 * content script (which speaks for a page) can never reach these handlers.
 * Every request resolves with its response or rejects within a timeout.
 */
import { browser } from 'wxt/browser';
import { asRecord } from './check';
import { normalizeSettings, type Settings } from '../settings';

/** Each request with its fields and its response: one map, from which both ends derive. */
export interface UiRequestMap {
  /** Send everything pending now, forgetting any backoff. */
  'export-now': { request: object; response: { ok: true } };
  /** Queue the spans the collector refused again. */
  'retry-parked': { request: object; response: { retried: number } };
  /** Delete the spans the collector refused (counted as dropped). */
  'discard-parked': { request: object; response: { discarded: number } };
  /** Send an empty, valid export request with these (unsaved) settings and report the answer. */
  'test-connection': { request: { export: Settings['export'] }; response: { ok: boolean; message: string } };
}
export type UiRequestType = keyof UiRequestMap;
export type UiRequest = { [K in UiRequestType]: { type: K } & UiRequestMap[K]['request'] }[UiRequestType];
export type UiResponse<K extends UiRequestType> = UiRequestMap[K]['response'];

const TIMEOUT_MS = 35_000;

/** Asks the background; resolves with its answer, or rejects on an error or after a timeout. */
export async function askBackground<K extends UiRequestType>(
  type: K,
  fields: UiRequestMap[K]['request'] = {},
): Promise<UiResponse<K>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the background did not answer "${type}"`)), TIMEOUT_MS);
  });
  try {
    const answer = (await Promise.race([browser.runtime.sendMessage({ ...fields, type }), timeout])) as
      | { ok: true; value: UiResponse<K> }
      | { ok: false; error: string }
      | undefined;
    if (!answer) throw new Error(`the background does not know "${type}"`);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  } finally {
    clearTimeout(timer);
  }
}

/** A UI request rebuilt from a message, or undefined when it is not one. */
export function parseUiRequest(value: unknown): UiRequest | undefined {
  const o = asRecord(value);
  switch (o?.type) {
    case 'export-now':
    case 'retry-parked':
    case 'discard-parked':
      return { type: o.type };
    case 'test-connection':
      return { type: 'test-connection', export: normalizeSettings({ export: o.export }).export };
    default:
      return undefined;
  }
}
