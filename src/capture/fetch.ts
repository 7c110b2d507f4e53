/** Client spans for window.fetch. The page gets the very promise the browser returned. */
import type { CaptureContext } from './context';
import { disguise } from './disguise';
import { describeFetch, failureName } from './request-info';

/**
 * The init that adds `traceparent` to this call, or undefined to leave it as it is: when the page
 * set its own, or the call's arguments are not plain enough to copy without changing them.
 */
function withTraceparent(input: unknown, init: unknown, traceparent: string): RequestInit | undefined {
  try {
    if (init !== undefined && init !== null && Object.getPrototypeOf(init) !== Object.prototype) return undefined;
    const base = (init ?? {}) as RequestInit;
    const headers = new Headers(base.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has('traceparent')) return undefined;
    headers.set('traceparent', traceparent);
    return { ...base, headers };
  } catch {
    return undefined;
  }
}

export function instrumentFetch({ signal, trace, resources }: CaptureContext): void {
  const original = window.fetch;
  if (typeof original !== 'function') return;
  const now = performance.now.bind(performance);

  const wrapped = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const start = now();
    const view = trace.view;
    const { method, url } = describeFetch(input, init);
    const propagation = trace.headerFor(url);
    const changed = propagation && withTraceparent(input, init, propagation.traceparent);
    const ids = { ...trace.during, ...(changed ? { spanId: propagation!.spanId } : {}) };
    const result: Promise<Response> = changed
      ? original.call(this, input, changed)
      : // eslint-disable-next-line prefer-rest-params -- pass the call on exactly as it was made
        original.apply(this, arguments as unknown as [RequestInfo, RequestInit]);
    result.then(
      (response) => resources.finished({ type: 'http', api: 'fetch', method, url, start, end: now(), status: response.status, view, ...ids }),
      (error) =>
        resources.finished({ type: 'http', api: 'fetch', method, url, start, end: now(), status: 0, error: failureName(error), view, ...ids }),
    );
    return result;
  };
  window.fetch = disguise(wrapped, original);
  signal.addEventListener('abort', () => window.fetch === wrapped && (window.fetch = original), { once: true });
}
