import { browser } from 'wxt/browser';

/** The viewer's address at a trace, and at one of its spans (selected there) when given. */
export function viewerUrl(traceId?: string, spanId?: string): string {
  const hash = traceId ? `#trace=${traceId}${spanId ? `&span=${spanId}` : ''}` : '';
  return browser.runtime.getURL(`/viewer.html${hash}`);
}

/** Opens the full-page viewer in a tab, at a trace (and a span of it) when given. */
export function openViewer(traceId?: string, spanId?: string): void {
  void browser.tabs.create({ url: viewerUrl(traceId, spanId) });
}
