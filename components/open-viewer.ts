import { browser } from 'wxt/browser';

/** Opens the full-page viewer in a tab, at a trace when given. */
export function openViewer(traceId?: string): void {
  void browser.tabs.create({ url: browser.runtime.getURL(`/viewer.html${traceId ? `#trace=${traceId}` : ''}`) });
}
