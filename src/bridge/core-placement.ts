/**
 * Where this frame's tracer core runs. Firefox runs WebAssembly in content scripts whatever the
 * page's policy. Chromium applies the page's policy and reports a refused attempt to the site, so
 * the bridge asks the background, which saw the frame's response headers; without an answer in
 * time, the background's core it is.
 */
import { browser } from 'wxt/browser';
import { CORE_PLACEMENT, parseCorePlacement, type CorePlacement } from '../protocol/core-placement';

const ANSWER_MS = 5000;

/** Resolves with where the core runs; never rejects. */
export function whereCoreRuns(): Promise<CorePlacement> {
  if (import.meta.env.FIREFOX) return Promise.resolve('content');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('background'), ANSWER_MS);
    browser.runtime.sendMessage({ type: CORE_PLACEMENT }).then(
      (answer: unknown) => resolve(parseCorePlacement(answer)),
      () => resolve('background'),
    ).finally(() => clearTimeout(timer));
  });
}
