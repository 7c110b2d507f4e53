/**
 * An id for this run of the browser. Tab ids start again from 1 after a restart, so spans are
 * keyed by [runId, tabId] to keep a new tab from showing an old tab's spans. storage.session is
 * cleared when the browser closes; the background makes the id, the UI reads it.
 */
import { browser } from 'wxt/browser';
import { randomHexId } from './tracer/ids';

const RUN_KEY = 'runId';

/** The current run's id, made now if the browser has just started. Background only. */
export async function ensureRunId(): Promise<string> {
  const stored = (await browser.storage.session.get(RUN_KEY))[RUN_KEY];
  if (typeof stored === 'string') return stored;
  const runId = randomHexId(8);
  await browser.storage.session.set({ [RUN_KEY]: runId });
  return runId;
}

/** The current run's id, or undefined before the background has started. */
export async function readRunId(): Promise<string | undefined> {
  const stored = (await browser.storage.session.get(RUN_KEY))[RUN_KEY];
  return typeof stored === 'string' ? stored : undefined;
}
