/** Method and absolute URL of a fetch/XHR call, read without touching bodies. */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';

export interface RequestInfo {
  method: string;
  url: string;
}

/** The method and URL that fetch(input, init) will use; never throws. */
export function describeFetch(input: unknown, init: unknown): RequestInfo {
  try {
    if (input instanceof Request) {
      const method = (init as RequestInit | undefined)?.method ?? input.method;
      return { method: normalizeMethod(method), url: truncate(input.url, PAGE_LIMITS.url) };
    }
    return describeOpen((init as RequestInit | undefined)?.method ?? 'GET', input);
  } catch {
    return { method: 'GET', url: '' };
  }
}

/** The method and URL of XMLHttpRequest.open(method, url); never throws. */
export function describeOpen(method: unknown, url: unknown): RequestInfo {
  try {
    return {
      method: normalizeMethod(String(method)),
      url: truncate(new URL(String(url), document.baseURI).href, PAGE_LIMITS.url),
    };
  } catch {
    return { method: 'GET', url: '' };
  }
}

function normalizeMethod(method: string): string {
  return truncate(method.toUpperCase(), PAGE_LIMITS.method);
}

/** The name OpenTelemetry's error.type uses for a request that got no response. */
export function failureName(error: unknown): string {
  try {
    const name = (error as Error | undefined)?.name;
    if (name === 'AbortError' || name === 'TimeoutError') return name;
    return 'NetworkError';
  } catch {
    return 'NetworkError';
  }
}
