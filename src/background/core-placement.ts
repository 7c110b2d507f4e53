/**
 * Where a frame's tracer core runs, in Chromium: the bridge asks at start, and the answer comes
 * from the frame's own response headers, seen here as the browser received them. A frame whose
 * Content Security Policy refuses WebAssembly gets the background's core; so does any frame whose
 * headers were not seen (about:blank and srcdoc frames inherit a policy, and a worker restarted
 * since the response has forgotten it): never an attempt the page's policy would report.
 */
import { browser, type Browser } from 'wxt/browser';
import { CORE_PLACEMENT, type CorePlacement } from '../protocol/core-placement';
import { refusesWasm } from '../csp';

/** Frames remembered (the oldest are forgotten first). */
const MAX_FRAMES = 2000;
const CSP_HEADERS = new Set(['content-security-policy', 'content-security-policy-report-only']);

const withoutHash = (url: string): string => url.split('#', 1)[0] ?? url;

/** Records each frame's policy and answers the bridges' questions. Chromium only (webRequest). */
export function answerCorePlacement(): void {
  const frames = new Map<string, { url: string; refused: boolean }>();
  const keyOf = (tabId: number, frameId: number) => `${tabId}/${frameId}`;
  browser.webRequest.onHeadersReceived.addListener(
    ({ tabId, frameId, url, responseHeaders }) => {
      if (tabId < 0) return undefined;
      const policies = (responseHeaders ?? []).filter((h) => CSP_HEADERS.has(h.name.toLowerCase())).map((h) => h.value ?? '');
      const key = keyOf(tabId, frameId);
      frames.delete(key);
      frames.set(key, { url: withoutHash(url), refused: refusesWasm(policies) });
      if (frames.size > MAX_FRAMES) frames.delete(frames.keys().next().value!);
      return undefined;
    },
    { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] },
    ['responseHeaders'],
  );
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
    if ((message as { type?: unknown } | null)?.type !== CORE_PLACEMENT || sender.id !== browser.runtime.id || !sender.tab?.id || !sender.url) return undefined;
    const frame = frames.get(keyOf(sender.tab.id, sender.frameId ?? 0));
    const where: CorePlacement = frame && !frame.refused && frame.url === withoutHash(sender.url) ? 'content' : 'background';
    return Promise.resolve(where);
  });
}
