/**
 * Watches the network through `webRequest`, without blocking: each request's start is kept by
 * its id from `onBeforeRequest`, and each request that completes or fails becomes one
 * observation. Listeners are added synchronously when called, so an event page or service
 * worker woken by a request hears it.
 */

/** One request as the browser saw it; times are ms since the epoch. */
export interface Observation {
  requestId: string;
  url: string;
  method: string;
  type: string;
  tabId: number;
  frameId: number;
  /** Firefox: the document (or worker script) that made the request. */
  documentUrl?: string;
  /** Firefox: the URL of what triggered it. */
  originUrl?: string;
  /** Chromium: the origin that made the request. */
  initiator?: string;
  /** Chromium: the document that made the request (a dedicated worker's requests name its page's). */
  documentId?: string;
  start: number;
  end: number;
  /** 0 when no response came. */
  statusCode: number;
  /** Why no response came (onErrorOccurred), e.g. net::ERR_ABORTED, NS_BINDING_ABORTED. */
  error?: string;
  fromCache: boolean;
}

/** The fields of a webRequest event's details that observations read (both browsers' shapes). */
export interface RequestDetails {
  requestId: string;
  url: string;
  method: string;
  type: string;
  tabId: number;
  frameId: number;
  timeStamp: number;
  documentUrl?: string;
  originUrl?: string;
  initiator?: string;
  documentId?: string;
  statusCode?: number;
  fromCache?: boolean;
  error?: string;
}

interface WebRequestEvent {
  addListener(listener: (details: RequestDetails) => void, filter: { urls: string[]; types?: string[] }): void;
}

/** The part of `browser.webRequest` the observer listens to; tests pass a fake. */
export interface WebRequestApi {
  onBeforeRequest: WebRequestEvent;
  onCompleted: WebRequestEvent;
  onErrorOccurred: WebRequestEvent;
}

/** Requests whose start is remembered; past this the oldest is forgotten (its end then uses its own time). */
export const MAX_STARTED = 2000;

/**
 * The request types listened to, in each browser's names (a filter naming a type the browser does
 * not know is refused: Chromium has no `beacon`, its `ping` is sendBeacon's). Documents and
 * subresources are not: the page side sees them through Resource Timing.
 */
export const TYPES = {
  firefox: ['beacon', 'ping', 'websocket', 'xmlhttprequest', 'other'],
  chromium: ['ping', 'websocket', 'xmlhttprequest', 'other'],
} as const;

/** Listens on `api` for `types`, calling `onObservation` once per request that completed or failed. */
export function observeRequests(api: WebRequestApi, onObservation: (observation: Observation) => void, types: readonly string[] = TYPES.firefox): void {
  const ALL = { urls: ['<all_urls>'], types: [...types] };
  const started = new Map<string, number>();
  api.onBeforeRequest.addListener((details) => {
    started.delete(details.requestId);
    started.set(details.requestId, details.timeStamp);
    if (started.size > MAX_STARTED) started.delete(started.keys().next().value!);
  }, ALL);
  const end = (details: RequestDetails) => {
    const start = started.get(details.requestId) ?? details.timeStamp;
    started.delete(details.requestId);
    onObservation(observationOf(details, start));
  };
  api.onCompleted.addListener(end, ALL);
  api.onErrorOccurred.addListener(end, ALL);
}

function observationOf(d: RequestDetails, start: number): Observation {
  return {
    requestId: d.requestId,
    url: d.url,
    method: d.method,
    type: d.type,
    tabId: d.tabId,
    frameId: d.frameId,
    ...(d.documentUrl ? { documentUrl: d.documentUrl } : {}),
    ...(d.originUrl ? { originUrl: d.originUrl } : {}),
    ...(d.initiator ? { initiator: d.initiator } : {}),
    ...(d.documentId ? { documentId: d.documentId } : {}),
    start,
    end: Math.max(start, d.timeStamp),
    statusCode: d.statusCode ?? 0,
    ...(d.error ? { error: d.error } : {}),
    fromCache: d.fromCache ?? false,
  };
}
