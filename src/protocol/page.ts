/**
 * The page → bridge channel (MAIN world → ISOLATED content script). UNTRUSTED: the MAIN world
 * shares its realm with the page, so everything arriving here is treated as page-controlled and
 * parsed field by field; whatever does not match is dropped and counted.
 *
 * Times are DOMHighResTimeStamp milliseconds relative to the page's performance.timeOrigin.
 */
import { asArray, asHexId, asInteger, asNumber, asOneOf, asRecord, asString } from './check';

/** The message that hands the private MessagePort over at document_start. */
export const PAGE_HELLO = 'spanlight:hello';

/**
 * What the bridge tells the page side over the private port (the trusted direction): the page
 * view's trace id and where `traceparent` may go. Sent after the handshake and on every change.
 */
export interface PageConfig {
  type: 'config';
  traceId: string;
  /**
   * Whether any request may carry `traceparent` (the user allowed some origins). Which ones, the
   * page side asks the bridge request by request, on the DOM event `askEvent`: the user's list of
   * origins (internal host names, often) never enters the page's world.
   */
  propagate: boolean;
  /** The random name of the DOM event on which the page side asks whether a URL gets `traceparent`. */
  askEvent: string;
  /** Share of page views sampled (0..1), for the `traceparent` sampled flag (see traceSampled). */
  sampleRatio: number;
  /** The random name of the DOM event that carries the last events when the page is left. */
  flushEvent: string;
  /** Record console.error calls as errors. */
  consoleErrors: boolean;
  /** Capture is off on this site: the page side stops and restores what it wrapped. */
  off: boolean;
}

/** Limits shared by the capture side (which truncates) and the bridge (which drops). */
export const PAGE_LIMITS = {
  url: 4096,
  method: 32,
  message: 2048,
  stack: 16384,
  short: 256,
  eventsPerBatch: 1000,
} as const;

/** Navigation Timing Level 2 marks carried by a page-load event, in the order they happen. */
export const NAVIGATION_MARKS = [
  'redirectStart',
  'redirectEnd',
  'fetchStart',
  'domainLookupStart',
  'domainLookupEnd',
  'connectStart',
  'secureConnectionStart',
  'connectEnd',
  'requestStart',
  'responseStart',
  'responseEnd',
  'domInteractive',
  'domContentLoadedEventStart',
  'domContentLoadedEventEnd',
  'domComplete',
  'loadEventStart',
  'loadEventEnd',
  // When a prerendered page was shown (Chromium); 0 for a page not prerendered.
  'activationStart',
] as const;
export type NavigationMark = (typeof NAVIGATION_MARKS)[number];

/**
 * The Resource Timing marks a resource or request carries (its `timing`), in this order: those
 * NAVIGATION_MARKS that PerformanceNavigationTiming inherits, up to responseEnd.
 */
export const RESOURCE_MARKS = NAVIGATION_MARKS.slice(0, 11) as readonly (NavigationMark & keyof PerformanceResourceTiming)[];

/**
 * Marks that are 0 when their step did not happen (no redirect, no TLS). Any other mark of 0
 * happened at the time origin: browsers that coarsen timers (Firefox) report fast steps as 0.
 */
export const OPTIONAL_MARKS: ReadonlySet<NavigationMark> = new Set(['redirectStart', 'redirectEnd', 'secureConnectionStart', 'activationStart']);

export const NAVIGATION_TYPES = ['navigate', 'reload', 'back_forward', 'prerender'] as const;
/** The page's own request APIs: all a page may name (the parse accepts no other). */
export const HTTP_APIS = ['fetch', 'xhr'] as const;
/** What made a request the background observed through webRequest: only the background makes these events. */
export const OBSERVED_APIS = ['beacon', 'websocket', 'worker', 'browser'] as const;
export const ERROR_KINDS = ['error', 'unhandledrejection', 'resource', 'csp', 'console'] as const;
/** The workers whose uncaught errors the page side records: `new Worker(url)`, and with `{ type: 'module' }`. */
export const WORKER_KINDS = ['dedicated', 'module'] as const;
export const INTERACTIONS = ['click', 'keydown', 'submit'] as const;
export const VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalName = (typeof VITAL_NAMES)[number];
export const VITAL_RATINGS = ['good', 'needs-improvement', 'poor'] as const;
/** What started a page view after the document's: a route change, or a restore from the back/forward cache. */
export const ROUTE_TRIGGERS = ['pushState', 'replaceState', 'popstate', 'hashchange', 'bfcache'] as const;

/** Each page event type with its fields: one map, from which the union below is derived. */
export interface PageEventMap {
  /** The document finished loading (after loadEventEnd). Marks of 0 did not happen. */
  'page-load': {
    navigationType: (typeof NAVIGATION_TYPES)[number];
    marks: Partial<Record<NavigationMark, number>>;
  };
  /** A fetch or XHR finished, failed or was aborted. `status` 0 means no response. */
  http: {
    api: (typeof HTTP_APIS)[number] | (typeof OBSERVED_APIS)[number];
    method: string;
    url: string;
    start: number;
    end: number;
    status: number;
    /** Why no response came: 'AbortError', 'NetworkError', 'TimeoutError'. */
    error?: string;
    /** The span id sent in `traceparent`, which the span must carry (16 hex). */
    spanId?: string;
    /** The span id of the interaction whose handlers started the request: its parent. */
    parent?: string;
    /** Set by the background for a request it observed (never parsed from a page). */
    observed?: ObservedRequest;
  } & Partial<ResourceSizes> &
    InView;
  /** A resource the page loaded (not its own fetch/XHR, which are `http`), from Resource Timing. */
  resource: { initiatorType: string; url: string; start: number; end: number; renderBlocking: boolean } & ResourceSizes;
  /** An uncaught error, an unhandled rejection, a resource that failed to load, or a CSP violation. */
  error: {
    kind: (typeof ERROR_KINDS)[number];
    time: number;
    errorType: string;
    message: string;
    stack?: string;
    file?: string;
    line?: number;
    column?: number;
    /** Raised in a worker of the page (an ErrorEvent on the Worker object): its kind and script. */
    worker?: (typeof WORKER_KINDS)[number];
    script?: string;
  };
  /**
   * A WebSocket, from its construction until its close event, or until the page was left with it
   * open (then `code` 0). Messages are counted and sized (UTF-8 bytes of a string, bytes of
   * binary data), never read.
   */
  websocket: {
    url: string;
    start: number;
    end: number;
    /** The subprotocol the server chose ('' for none). */
    protocol: string;
    /** Counts and sizes, named as their attributes are (`spanlight.websocket.*`). */
    messages_sent: number;
    messages_received: number;
    bytes_sent: number;
    bytes_received: number;
    /** The close event's code and wasClean; 0 and false when the page was left with the socket open. */
    code: number;
    clean: boolean;
    /** Why it failed: `HandshakeError`, or the code of a close other than 1000, 1001 and 1005 (none given); '' when it did not. */
    error: string;
  } & InView;
  /**
   * A click, a keyboard activation or a form submit: from the event's time until its dispatch
   * finished. `target` never holds text; `key` is only ever Enter or Space.
   */
  /** `spanId` names the span, so requests its handlers started can be its children. */
  interaction: { event: (typeof INTERACTIONS)[number]; start: number; end: number; target: string; key?: 'Enter' | 'Space'; spanId?: string } & InView;
  /**
   * An SPA route change: a new page view begins, in the trace `traceId` the page side started
   * (it already sends it in traceparent). Events after it belong to the new page view.
   */
  /** `hashChange`: only the fragment changed, to one that is not empty (the Browser SIG's `browser.navigation.hash_change`). */
  route: { trigger: (typeof ROUTE_TRIGGERS)[number]; url: string; time: number; traceId: string; view: number; hashChange?: boolean };
  /**
   * A Web Vital as the web-vitals library reports it, with plain attribution values. A metric is
   * reported again (CLS, INP, on each hide) under the same `id`, `delta` the change since its last report.
   */
  vital: {
    name: VitalName;
    value: number;
    id?: string;
    delta?: number;
    rating: (typeof VITAL_RATINGS)[number];
    navigationType: string;
    /** When it was reported. */
    time: number;
    attribution: Record<string, string | number>;
  } & InView;
  /** A long animation frame (or, where that API is missing, a long task), with its longest script. */
  'long-frame': {
    kind: 'frame' | 'task';
    start: number;
    end: number;
    blockingDuration: number;
    /** How many scripts ran in the frame. */
    scripts: number;
    script?: { duration: number; invoker: string; source: string; function: string };
  };
  /** A User Timing measure (performance.measure), with its detail when that is a plain value. */
  measure: { name: string; start: number; end: number; detail?: string | number | boolean };
}

/**
 * The page view (0: the document; one more per route change) an event began in. Events that
 * arrive late (a request that outlives a route change) still belong to the view they began in.
 */
export interface InView {
  view?: number;
}

/** What webRequest told of a request the page side did not record. */
export interface ObservedRequest {
  kind: 'beacon' | 'websocket' | 'worker' | 'request';
  /** The worker's script, where Firefox names it. */
  script?: string;
  cacheHit: boolean;
}

/** What Resource Timing tells of a response (0 where a cross-origin server does not allow it). */
export interface ResourceSizes {
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  /** The ALPN protocol, e.g. h2, http/1.1. */
  protocol?: string;
  /** The `traceparent` the response named in its Server-Timing header: the backend's trace. */
  backend?: string;
  /**
   * The entry's marks in RESOURCE_MARKS order, page-relative ms: a compact array, 0 where the
   * entry hides a mark (cross-origin without Timing-Allow-Origin) or its step did not happen.
   */
  timing?: number[];
}

export type PageEventType = keyof PageEventMap;
export type PageEvent = { [K in PageEventType]: { type: K } & PageEventMap[K] }[PageEventType];

/** A W3C traceparent (version 00's layout), with ids not all zero. */
export const TRACEPARENT = /^[\da-f]{2}-(?!0{32})[\da-f]{32}-(?!0{16})[\da-f]{16}-[\da-f]{2}$/;

const time = (value: unknown) => asNumber(value, 0, 1e10);
const size = (value: unknown) => asInteger(value, 0, 2 ** 53);
const viewNumber = (value: unknown) => asInteger(value, 0, 2 ** 31);

/** `{ view }` from `o`, `{}` without one, or undefined when it is malformed. */
function viewOf(o: Record<string, unknown>): InView | undefined {
  if (o.view === undefined) return {};
  const view = viewNumber(o.view);
  return view === undefined ? undefined : { view };
}

/** The sizes in `o`, `{}` when there are none, or undefined when they are malformed. */
function sizesOf(o: Record<string, unknown>, required: boolean): Partial<ResourceSizes> | undefined {
  const present = o.transferSize !== undefined || o.encodedBodySize !== undefined || o.decodedBodySize !== undefined;
  // Marks come from the entry the sizes come from: never without them.
  if (!present) return required || o.timing !== undefined ? undefined : {};
  const timing = o.timing === undefined ? undefined : asArray(o.timing, RESOURCE_MARKS.length);
  if (o.timing !== undefined && !(timing?.length === RESOURCE_MARKS.length && timing.every((t) => time(t) !== undefined))) return undefined;
  const transferSize = size(o.transferSize);
  const encodedBodySize = size(o.encodedBodySize);
  const decodedBodySize = size(o.decodedBodySize);
  const protocol = o.protocol === undefined ? undefined : asString(o.protocol, 32);
  if (transferSize === undefined || encodedBodySize === undefined || decodedBodySize === undefined) return undefined;
  if (o.protocol !== undefined && protocol === undefined) return undefined;
  // A backend name that is not a traceparent is left out, not the sizes with it.
  const backend = typeof o.backend === 'string' && TRACEPARENT.test(o.backend) ? { backend: o.backend } : {};
  return { transferSize, encodedBodySize, decodedBodySize, ...(protocol ? { protocol } : {}), ...backend, ...(timing ? { timing: timing as number[] } : {}) };
}

/** The counts of a websocket event. */
export const SOCKET_COUNTS = ['messages_sent', 'messages_received', 'bytes_sent', 'bytes_received'] as const;

/** `event` with each optional field `o` has, as checked in `optional`; undefined when one is malformed. */
function withOptional<E extends object>(event: E, o: Record<string, unknown>, optional: Record<string, unknown>): E | undefined {
  for (const [key, value] of Object.entries(optional)) {
    if (o[key] === undefined) continue;
    if (value === undefined) return undefined;
    Object.assign(event, { [key]: value });
  }
  return event;
}

type Parser<K extends PageEventType> = (o: Record<string, unknown>) => PageEventMap[K] | undefined;

/** The events the page side sends (src/capture): the only ones the bridge takes from the page. */
type PageSideType = 'http' | 'error' | 'interaction' | 'route' | 'websocket';
/** The events the bridge observes itself (src/observe), which only it and the background read. */
type ObservedType = Exclude<PageEventType, PageSideType>;

const observedParsers: { [K in ObservedType]: Parser<K> } = {
  'page-load'(o) {
    const navigationType = asOneOf(o.navigationType, NAVIGATION_TYPES);
    const rawMarks = asRecord(o.marks);
    if (!navigationType || !rawMarks) return undefined;
    const marks: Partial<Record<NavigationMark, number>> = {};
    for (const name of NAVIGATION_MARKS) {
      if (rawMarks[name] === undefined) continue;
      const value = time(rawMarks[name]);
      if (value === undefined) return undefined;
      marks[name] = value;
    }
    return { navigationType, marks };
  },
  resource(o) {
    const initiatorType = asString(o.initiatorType, PAGE_LIMITS.short);
    const url = asString(o.url, PAGE_LIMITS.url);
    const start = time(o.start);
    const end = time(o.end);
    const sizes = sizesOf(o, true) as ResourceSizes | undefined;
    if (!initiatorType || url === undefined || start === undefined || end === undefined || typeof o.renderBlocking !== 'boolean' || !sizes) return undefined;
    return { initiatorType, url, start, end, renderBlocking: o.renderBlocking, ...sizes };
  },
  vital(o) {
    const name = asOneOf(o.name, VITAL_NAMES);
    const value = asNumber(o.value, 0, 1e10);
    const rating = asOneOf(o.rating, VITAL_RATINGS);
    const navigationType = asString(o.navigationType, 32);
    const at = time(o.time);
    const raw = asRecord(o.attribution);
    const view = viewOf(o);
    const id = o.id === undefined ? undefined : asString(o.id, PAGE_LIMITS.short);
    const delta = o.delta === undefined ? undefined : asNumber(o.delta, -1e10, 1e10);
    if (!name || value === undefined || !rating || navigationType === undefined || at === undefined || !raw || !view) return undefined;
    if ((o.id !== undefined && id === undefined) || (o.delta !== undefined && delta === undefined)) return undefined;
    const entries = Object.entries(raw);
    if (entries.length > 16) return undefined;
    const attribution: Record<string, string | number> = {};
    for (const [key, v] of entries) {
      if (key.length > 64) return undefined;
      const plain = typeof v === 'number' ? asNumber(v) : asString(v, PAGE_LIMITS.short);
      if (plain === undefined) return undefined;
      attribution[key] = plain;
    }
    return { name, value, ...(id !== undefined ? { id } : {}), ...(delta !== undefined ? { delta } : {}), rating, navigationType, time: at, attribution, ...view };
  },
  'long-frame'(o) {
    const kind = asOneOf(o.kind, ['frame', 'task'] as const);
    const start = time(o.start);
    const end = time(o.end);
    const blockingDuration = asNumber(o.blockingDuration, 0, 1e10);
    const scripts = asInteger(o.scripts, 0, 1e6);
    if (!kind || start === undefined || end === undefined || blockingDuration === undefined || scripts === undefined) return undefined;
    if (o.script === undefined) return { kind, start, end, blockingDuration, scripts };
    const s = asRecord(o.script);
    const duration = asNumber(s?.duration, 0, 1e10);
    const invoker = asString(s?.invoker, PAGE_LIMITS.short);
    const source = asString(s?.source, PAGE_LIMITS.url);
    const fn = asString(s?.function, PAGE_LIMITS.short);
    if (duration === undefined || invoker === undefined || source === undefined || fn === undefined) return undefined;
    return { kind, start, end, blockingDuration, scripts, script: { duration, invoker, source, function: fn } };
  },
  measure(o) {
    const name = asString(o.name, PAGE_LIMITS.short);
    const start = time(o.start);
    const end = time(o.end);
    const detail = o.detail;
    const plain = typeof detail === 'number' ? Number.isFinite(detail) : typeof detail === 'boolean' || (typeof detail === 'string' && detail.length <= PAGE_LIMITS.message);
    if (!name || start === undefined || end === undefined || (detail !== undefined && !plain)) return undefined;
    return detail === undefined ? { name, start, end } : { name, start, end, detail: detail as string | number | boolean };
  },
};

const pageSideParsers: { [K in PageSideType]: Parser<K> } = {
  http(o) {
    const api = asOneOf(o.api, HTTP_APIS);
    const method = asString(o.method, PAGE_LIMITS.method);
    const url = asString(o.url, PAGE_LIMITS.url);
    const start = time(o.start);
    const end = time(o.end);
    const status = asInteger(o.status, 0, 999);
    const error = o.error === undefined ? undefined : asString(o.error, PAGE_LIMITS.short);
    const spanId = o.spanId === undefined ? undefined : asHexId(o.spanId, 16);
    const parent = o.parent === undefined ? undefined : asHexId(o.parent, 16);
    if (!api || !method || url === undefined || start === undefined || end === undefined) return undefined;
    if (status === undefined || (o.error !== undefined && error === undefined)) return undefined;
    const sizes = sizesOf(o, false);
    const view = viewOf(o);
    if ((o.spanId !== undefined && !spanId) || (o.parent !== undefined && !parent) || !sizes || !view) return undefined;
    return { api, method, url, start, end, status, ...(error !== undefined ? { error } : {}), ...(spanId ? { spanId } : {}), ...(parent ? { parent } : {}), ...sizes, ...view };
  },
  error(o) {
    const kind = asOneOf(o.kind, ERROR_KINDS);
    const at = time(o.time);
    const errorType = asString(o.errorType, PAGE_LIMITS.short);
    const message = asString(o.message, PAGE_LIMITS.message);
    if (!kind || at === undefined || errorType === undefined || message === undefined) return undefined;
    const event: PageEventMap['error'] = { kind, time: at, errorType, message };
    const optional = {
      stack: o.stack === undefined ? undefined : asString(o.stack, PAGE_LIMITS.stack),
      file: o.file === undefined ? undefined : asString(o.file, PAGE_LIMITS.url),
      line: o.line === undefined ? undefined : asInteger(o.line, 0, 2 ** 31),
      column: o.column === undefined ? undefined : asInteger(o.column, 0, 2 ** 31),
      worker: o.worker === undefined ? undefined : asOneOf(o.worker, WORKER_KINDS),
      script: o.script === undefined ? undefined : asString(o.script, PAGE_LIMITS.url),
    };
    return withOptional(event, o, optional);
  },
  interaction(o) {
    const event = asOneOf(o.event, INTERACTIONS);
    const start = time(o.start);
    const end = time(o.end);
    const target = asString(o.target, PAGE_LIMITS.short);
    const key = o.key === undefined ? undefined : asOneOf(o.key, ['Enter', 'Space'] as const);
    const spanId = o.spanId === undefined ? undefined : asHexId(o.spanId, 16);
    const view = viewOf(o);
    if (!event || start === undefined || end === undefined || target === undefined || !view) return undefined;
    if ((o.key !== undefined && !key) || (o.spanId !== undefined && !spanId)) return undefined;
    return { event, start, end, target, ...(key ? { key } : {}), ...(spanId ? { spanId } : {}), ...view };
  },
  websocket(o) {
    const url = asString(o.url, PAGE_LIMITS.url);
    const start = time(o.start);
    const end = time(o.end);
    const protocol = asString(o.protocol, PAGE_LIMITS.short);
    const code = asInteger(o.code, 0, 4999);
    const error = asString(o.error, PAGE_LIMITS.short);
    const view = viewOf(o);
    if (url === undefined || start === undefined || end === undefined || protocol === undefined || code === undefined || error === undefined || typeof o.clean !== 'boolean' || !view) return undefined;
    const event = { url, start, end, protocol, code, clean: o.clean, error, ...view } as PageEventMap['websocket'];
    for (const key of SOCKET_COUNTS) if ((event[key] = size(o[key])!) === undefined) return undefined;
    return event;
  },
  route(o) {
    const trigger = asOneOf(o.trigger, ROUTE_TRIGGERS);
    const url = asString(o.url, PAGE_LIMITS.url);
    const at = time(o.time);
    const traceId = asHexId(o.traceId, 32);
    const view = viewNumber(o.view);
    if (!trigger || url === undefined || at === undefined || !traceId || view === undefined) return undefined;
    if (o.hashChange !== undefined && typeof o.hashChange !== 'boolean') return undefined;
    return { trigger, url, time: at, traceId, view, ...(o.hashChange !== undefined ? { hashChange: o.hashChange } : {}) };
  },
};

const allParsers = { ...observedParsers, ...pageSideParsers };
type Parsers = Partial<{ [K in PageEventType]: Parser<K> }>;

function parseWith(parsers: Parsers, value: unknown): PageEvent | undefined {
  const o = asRecord(value);
  if (!o || typeof o.type !== 'string' || !Object.hasOwn(parsers, o.type)) return undefined;
  const type = o.type as PageEventType;
  const fields = (parsers[type] as Parser<PageEventType>)(o);
  return fields ? ({ type, ...fields } as PageEvent) : undefined;
}

function batchWith(parsers: Parsers, value: unknown): { events: PageEvent[]; dropped: number } {
  const items = asArray(value, PAGE_LIMITS.eventsPerBatch);
  if (!items) return { events: [], dropped: 1 };
  const events: PageEvent[] = [];
  for (const item of items) {
    const event = parseWith(parsers, item);
    if (event) events.push(event);
  }
  return { events, dropped: items.length - events.length };
}

/** A page event of any type (the background's view of a bridge's events), or undefined when it does not match its shape. */
export function parsePageEvent(value: unknown): PageEvent | undefined {
  return parseWith(allParsers, value);
}

/** The events of one batch of any type (from a bridge), and how many items were dropped as malformed. */
export function parsePageBatch(value: unknown): { events: PageEvent[]; dropped: number } {
  return batchWith(allParsers, value);
}

/**
 * The events of one batch from the page side, and how many were dropped: only the types the page
 * side sends. A page load, resource, vital, long frame or measure is observed by the bridge itself, so one
 * that comes from the page is a forgery, dropped like any malformed item.
 */
export function parsePageSideBatch(value: unknown): { events: PageEvent[]; dropped: number } {
  return batchWith(pageSideParsers, value);
}
