/** Client spans for window.fetch. The page gets the very promise the browser returned. */
import type { Emit } from './page-channel';
import { describeFetch, failureName } from './request-info';

export function instrumentFetch(emit: Emit, signal: AbortSignal): void {
  const original = window.fetch;
  if (typeof original !== 'function') return;
  const now = performance.now.bind(performance);

  const wrapped = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const start = now();
    const { method, url } = describeFetch(input, init);
    // eslint-disable-next-line prefer-rest-params -- pass the call on exactly as it was made
    const result: Promise<Response> = original.apply(this, arguments as unknown as [RequestInfo, RequestInit]);
    result.then(
      (response) => emit({ type: 'http', api: 'fetch', method, url, start, end: now(), status: response.status }),
      (error) =>
        emit({ type: 'http', api: 'fetch', method, url, start, end: now(), status: 0, error: failureName(error) }),
    );
    return result;
  };
  window.fetch = wrapped;
  signal.addEventListener('abort', () => window.fetch === wrapped && (window.fetch = original), { once: true });
}
