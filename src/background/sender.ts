/**
 * Who sent a batch, as the browser says (runtime.Port's `sender`), never as the page claims: the
 * tab, the frame, and the frame's origin. A page view's origin, site, `service.name`, tab and
 * frame all come from here.
 */
import type { Browser } from 'wxt/browser';
import type { SpanRecord } from '../protocol/span';
import { hostOf } from '../sites';
import { originOf } from '../page-view';

export interface Sender {
  tabId: number;
  frameId: number;
  /** The top frame of its tab. */
  top: boolean;
  /** The frame's origin when the port opened ('' for an opaque one, e.g. file:). */
  origin: string;
  /** The origin of its tab's top document then, as the browser names it ('' where it does not). */
  tabOrigin: string;
  /** The tab's and the frame's hosts, for the sites where capture is off. */
  hosts: string[];
  /** Names this sender's page views (see trace-owners.ts). */
  owner: string;
  /** Chromium: the document's id, as its requests name it in webRequest. */
  documentId?: string;
}

/**
 * The sender of `port`, or undefined when the browser does not name its frame's URL (then
 * nothing it sends can be attributed, so nothing is stored). A frame that navigates is a new
 * document with a new bridge and port, so the origin holds for the port's life.
 */
export function senderOf(port: Pick<Browser.runtime.Port, 'sender'>): Sender | undefined {
  const sender = port.sender;
  const url = sender?.url;
  if (!url) return undefined;
  const tabId = sender.tab?.id ?? -1;
  const frameId = sender.frameId ?? 0;
  const origin = originOf(url);
  return {
    tabId,
    frameId,
    top: frameId === 0,
    origin,
    tabOrigin: sender.tab?.url ? originOf(sender.tab.url) : '',
    hosts: [hostOf(sender.tab?.url), hostOf(url)].filter(Boolean),
    owner: `${tabId}/${frameId}/${origin}`,
    ...(typeof sender.documentId === 'string' ? { documentId: sender.documentId } : {}),
  };
}

/**
 * Whether a page URL the bridge names belongs to the sender's origin. A document's URL changes
 * only within its origin (history.pushState refuses other origins), so a URL of another origin
 * is forged: a page planting page views for other sites.
 */
export function ofSenderOrigin(url: string, sender: Sender): boolean {
  // The core's stand-in for a URL too long to read names no origin, so it plants nothing.
  return url === 'REDACTED' || originOf(url) === sender.origin;
}

/**
 * Gives a page view root whose `url.full` (the page view's URL in the viewer and the store) names
 * another origin than the sender's the page's own URL instead: the bridge writes the page URL
 * there, so anything else was forged on the way.
 */
export function pinRootUrls(spans: readonly SpanRecord[], sender: Sender): void {
  for (const span of spans) {
    const url = span.attributes['url.full'];
    if (!span.parentSpanId && typeof url === 'string' && !ofSenderOrigin(url, sender)) span.attributes['url.full'] = span.pageUrl;
  }
}
