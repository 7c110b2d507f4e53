/**
 * Method and absolute URL of a fetch/XHR call, and why a request failed, read without running any
 * page code: no getter, `toString` or proxy trap of the page's arguments is called (the browser
 * calls those itself, once, as it would without us), and only the platform's own getters are used.
 */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import { apply, getOwnDescriptor, getter } from './platform';
import { serializedUrl } from './serialized-url';
import { reader } from './page-values';

export interface RequestInfo {
  method: string;
  url: string;
}

const requestUrl = reader<string>(Request.prototype, 'url');
const requestMethod = reader<string>(Request.prototype, 'method');
const urlHref = getter(URL.prototype, 'href');
const baseUri = getter(Node.prototype, 'baseURI');
const domExceptionName = reader<string>(DOMException.prototype, 'name');
const NativeURL = URL;
const { toUpperCase } = String.prototype;
const { getPrototypeOf } = Object;
const typeErrorProto = TypeError.prototype;

/**
 * The absolute URL of a string or a URL object, in two steps: what the page could change later is
 * read now (the document's base URL, a URL object's href), and the returned function makes it
 * absolute when it is called, as the span ends (for a fetch, off the path of the page's call): parsing
 * is the costliest part of a wrapper. '' for anything else (never stringified by us).
 */
export function readUrl(url: unknown): () => string {
  try {
    if (typeof url !== 'string') {
      const href = apply(urlHref, url, []) as string;
      return () => truncate(href, PAGE_LIMITS.url);
    }
    const base = apply(baseUri, document, []) as string;
    return () => {
      try {
        // Chromium's URL parser costs ~6 µs a call: plain URLs skip it there. Firefox's page side,
        // which also carries the tracer core, has no room left in its size budget for the fast path.
        const href = (import.meta.env.FIREFOX ? undefined : serializedUrl(url, base)) ?? (apply(urlHref, new NativeURL(url, base), []) as string);
        return truncate(href, PAGE_LIMITS.url);
      } catch {
        return ''; // no valid URL: the browser says so to the page itself
      }
    };
  } catch {
    return () => ''; // not a URL object
  }
}

/** The absolute URL of a string or a URL object, now; '' for anything else. */
export const absoluteUrl = (url: unknown): string => readUrl(url)();

/**
 * A plain data property of `value`'s own, or undefined: an accessor is never called (a proxy's
 * trap is, as the browser calls it when it reads the same object). The keys asked here are no
 * string's own, so a primitive has none.
 */
export function ownValue(value: unknown, key: string): unknown {
  try {
    const own = getOwnDescriptor(value as object, key);
    return own && 'value' in own ? own.value : undefined;
  } catch {
    return undefined; // null or undefined; a revoked proxy, or one whose trap throws: the browser says so to the page itself
  }
}

/**
 * The method and URL that fetch(input, init) will use, in two steps as readUrl's: what the page
 * could change later (its init, a URL object, the base URL) is read now, and the returned function
 * gives them when called. Never throws.
 */
export function readFetch(input: unknown, init: unknown): () => RequestInfo {
  // Only an object may be a Request: a string, the usual input, is not asked (a getter called on
  // what is not a Request throws, and a throw costs more than the rest of the wrapper).
  const request = input !== null && typeof input === 'object';
  const url = request ? requestUrl(input) : undefined;
  const method = ownValue(init, 'method') ?? (url !== undefined ? requestMethod(input) : undefined);
  const absolute = url === undefined ? readUrl(input) : undefined;
  return () => ({ method: normalizeMethod(method), url: absolute ? absolute() : truncate(url!, PAGE_LIMITS.url) });
}

/** The method and URL of XMLHttpRequest.open(method, url), in two steps as readFetch's; never throws. */
export function readOpen(method: unknown, url: unknown): () => RequestInfo {
  const absolute = readUrl(url);
  return () => ({ method: normalizeMethod(method), url: absolute() });
}

function normalizeMethod(method: unknown): string {
  return typeof method === 'string' ? truncate(apply(toUpperCase, method, []) as string, PAGE_LIMITS.method) : 'GET';
}

/**
 * The name OpenTelemetry's error.type uses for a fetch that got no response: 'NetworkError' for
 * the browser's TypeError, a DOMException's own name ('AbortError', 'TimeoutError'), and for an
 * abort reason the page chose (`controller.abort(new RangeError())`), that reason's class name.
 */
export function failureName(error: unknown): string {
  try {
    if (error === null || typeof error !== 'object') return 'AbortError';
    // The browser's TypeError first: DOMException's getter throws on it, and a throw costs more than the rest.
    if (getPrototypeOf(error) === typeErrorProto) return 'NetworkError';
    const dom = domExceptionName(error);
    if (dom !== undefined) return truncate(dom, PAGE_LIMITS.short);
    // The class's own name, from the prototype chain's data properties only.
    for (let proto = getPrototypeOf(error), depth = 0; proto && depth < 8; proto = getPrototypeOf(proto), depth++) {
      const name = ownValue(proto, 'name');
      if (typeof name === 'string') return truncate(name, PAGE_LIMITS.short);
    }
    return 'AbortError';
  } catch {
    return 'NetworkError';
  }
}
