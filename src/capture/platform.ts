/**
 * The platform's own functions, taken when the page side starts (document_start, before any page
 * script). After that, the page side calls only these: a page or a library (zone.js, a test's fake
 * timers, an attacker) that later replaces `setTimeout`, `Promise.prototype.then`,
 * `EventTarget.prototype.addEventListener`, `Function.prototype.call` or `Reflect.apply` sees no
 * call of ours, and cannot run code inside ours.
 */

/** `Reflect.apply`: calls a function with no lookup on anything a page can replace. */
export const apply = Reflect.apply;
const { addEventListener: listen } = EventTarget.prototype;
const { then: promiseThen } = Promise.prototype;
/** The platform's Promise: what fetch returns, whatever the page later names `Promise`. */
export const NativePromise = Promise;
/** `performance.now()`. */
export const now = performance.now.bind(performance);
/** The platform's `setTimeout`, unseen by a page's timer patches (zone.js counts those as its app's tasks). */
export const later = setTimeout.bind(globalThis) as (run: () => void, ms: number) => number;
export const cancel = clearTimeout.bind(globalThis) as (id: number | undefined) => void;
export const getOwnDescriptor = Object.getOwnPropertyDescriptor;
export const defineProperty = Object.defineProperty;

/** `target.addEventListener(type, listener, options)` with the platform's method. */
export function on(target: EventTarget, type: string, listener: (event: never) => void, options: AddEventListenerOptions): void {
  // A null-prototype options object: reading its members runs no getter a page put on Object.prototype.
  apply(listen, target, [type, listener, { __proto__: null, ...options }]);
}

/** `promise.then(ok, err)` with the platform's method. */
export function onSettled<T, R>(promise: Promise<T>, ok: (value: T) => R, err: (reason: unknown) => R): Promise<R> {
  return apply(promiseThen, promise, [ok, err]) as Promise<R>;
}

/** The origin of our own scripts (`chrome-extension://<id>/`), read from a stack of ours. */
const ours = /\b(?:chrome|moz)-extension:\/\/[^/\s)]+\//.exec(String(new Error().stack))?.[0];
const { split, includes } = String.prototype;
const { join, filter } = Array.prototype;

/**
 * Removes our frames from an error that was thrown or rejected through one of our wrappers, so the
 * page's error reports show its own frames only (no extension id, nothing an error monitor would
 * take for the page's code). Leaves any other value, and an error without our frames, untouched.
 */
export function scrub<T>(error: T): T {
  if (!ours || error === null || typeof error !== 'object') return error;
  try {
    // Chromium keeps `stack` as an own accessor of each error; read it only where it is one of
    // those or a plain value (never a getter a page defined elsewhere on the chain).
    const own = getOwnDescriptor(error, 'stack');
    const stack = own ? ('value' in own ? own.value : own.get && apply(own.get, error, [])) : undefined;
    if (typeof stack !== 'string' || !apply(includes, stack, [ours])) return error;
    const lines = apply(split, stack, ['\n']) as string[];
    const kept = apply(join, apply(filter, lines, [(line: string) => !apply(includes, line, [ours])]), ['\n']) as string;
    if (own && own.set) apply(own.set, error, [kept]);
    else if (own) defineProperty(error, 'stack', { __proto__: null, value: kept } as PropertyDescriptor);
  } catch {
    // a frozen or exotic error: it keeps its stack
  }
  return error;
}
