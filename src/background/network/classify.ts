/**
 * Which observed requests the page side cannot record, and what kind each is (see
 * docs/network.md for what each browser reports). Left out: the extension's own requests,
 * URLs other than http(s) and ws(s), and every type the page side sees through Resource Timing (documents,
 * scripts, styles, images, fonts, media, …).
 */
import type { Observation } from './observer';

/** What an observed request is: decided here, or (`candidate`) only once the page side's spans are in. */
export type RequestKind = 'beacon' | 'websocket' | 'worker' | 'candidate';

/** What classify needs besides the request. */
export interface ClassifyContext {
  /** The export endpoints in use (their requests are the extension's). */
  endpoints: readonly string[];
  /** Whether `url` is a document URL of a page view of the frame (Firefox names the worker's script instead). */
  isPageDocument(tabId: number, frameId: number, url: string): boolean;
}

const EXTENSION = /^(chrome|moz|safari-web)-extension:/;
const HTTP = /^https?:/;
/** What a request may be to: http(s), or ws(s) for a socket's handshake. */
const NETWORK = /^(https?|wss?):/;

/** The kind of `request`, or undefined when it is left out. */
export function classify(request: Observation, context: ClassifyContext): RequestKind | undefined {
  if (!NETWORK.test(request.url) || ofExtension(request, context.endpoints)) return undefined;
  switch (request.type) {
    case 'ping': // Chromium's name for sendBeacon
    case 'beacon': // Firefox's
      return 'beacon';
    case 'websocket':
      return 'websocket';
    case 'xmlhttprequest':
    case 'other':
      return fetchKind(request, context);
    default:
      // main_frame, sub_frame, script, stylesheet, image, font, media, object, csp_report, …
      return undefined;
  }
}

function fetchKind(request: Observation, context: ClassifyContext): RequestKind {
  // A shared or service worker's request names no tab.
  if (request.tabId < 0) return 'worker';
  const document = request.documentUrl;
  // Firefox names a dedicated or module worker's script where the page's own request names the page.
  if (document !== undefined && !(HTTP.test(document) && context.isPageDocument(request.tabId, request.frameId, document))) return 'worker';
  // Chromium reports a dedicated worker's fetch and an EventSource as the page's own: matched later.
  return 'candidate';
}

function ofExtension(request: Observation, endpoints: readonly string[]): boolean {
  const by = [request.initiator, request.originUrl, request.documentUrl];
  if (by.some((url) => url !== undefined && EXTENSION.test(url))) return true;
  return request.tabId < 0 && endpoints.some((endpoint) => endpoint !== '' && request.url === endpoint);
}

/** `url` without its fragment, which no request sends: how document URLs are compared. */
export const withoutFragment = (url: string): string => url.replace(/#.*$/s, '');
