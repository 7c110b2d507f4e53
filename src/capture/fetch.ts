/**
 * Client spans for window.fetch. The page gets a promise that settles as the browser's does, with
 * the same value or the same reason: a failure nobody handles still reaches the page's
 * `unhandledrejection` listeners (and is recorded there as an exception, as the browser reports
 * it). Only the platform's own functions are called, so a page's patched `Promise.prototype.then`
 * or timers (zone.js) never see a task of ours.
 */
import type { CaptureContext } from './context';
import { wrapMethod } from './native';
import { apply, arg, defineProperty, getter, NativePromise, now, onSettled, scrub, speciesAsBuilt } from './platform';
import { absoluteUrl, failureName, readFetch } from './request-info';

/**
 * The init that adds `traceparent` to this call, or undefined to leave it as it is: when the page
 * set its own, or the call's arguments are not plain enough to copy without changing them. Only
 * for origins the user chose: reading the page's init to copy it is what propagation costs.
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

const responseStatus = getter(Response.prototype, 'status');
const responseUrl = getter(Response.prototype, 'url');

export function instrumentFetch({ emit, signal, trace }: CaptureContext): void {
  if (typeof window.fetch !== 'function') return;
  const restore = wrapMethod(window, 'fetch', (original, self, args) => {
    const start = now();
    const view = trace.view;
    const input = arg(args, 0);
    const init = arg(args, 1);
    // The method and URL are worked out as the span ends, unless `traceparent` may go (its URL decides).
    const call = readFetch(input, init);
    const early = trace.propagates() ? call() : undefined;
    const propagation = early?.url ? trace.headerFor(early.url) : undefined;
    const changed = propagation && withTraceparent(input, init, propagation.traceparent);
    const ids = { ...trace.during, ...(changed ? { spanId: propagation!.spanId } : {}) };
    const result = apply(original, self, changed ? [input, changed] : args) as Promise<Response>;
    // The browser's promise never reaches the page. Where `then` would read what the page has
    // redefined (Promise.prototype.constructor, Symbol.species), an own `constructor` of undefined
    // makes it use the platform's Promise without reading them.
    if (!speciesAsBuilt(result)) {
      try {
        defineProperty(result, 'constructor', { __proto__: null, value: undefined } as PropertyDescriptor);
      } catch {
        // not a promise of the platform's (a page's own fetch underneath): then() as it is
      }
    }
    const finish = (status: number, error?: string, finalUrl?: string) => {
      const end = now();
      const { method, url } = early ?? call();
      emit({ type: 'http', api: 'fetch', method, url: url || absoluteUrl(finalUrl), start, end, status, view, ...ids, ...(error ? { error } : {}) });
    };
    // A promise of its own that settles as the browser's: `then` on the browser's would mark it
    // handled, and the page would never hear of a failure it does not catch.
    return new NativePromise<Response>((resolve, reject) =>
      onSettled(
        result,
        (response) => {
          try {
            finish(apply(responseStatus, response, []) as number, undefined, apply(responseUrl, response, []) as string);
          } finally {
            resolve(response);
          }
        },
        (error) => {
          try {
            finish(0, failureName(error));
          } finally {
            reject(scrub(error));
          }
        },
      ),
    );
  });
  signal.addEventListener('abort', restore, { once: true });
}
