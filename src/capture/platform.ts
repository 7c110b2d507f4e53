/**
 * The platform's own functions, taken when the page side starts (document_start, before any page
 * script). After that, the page side calls only these: a page or a library (zone.js, a test's fake
 * timers, an attacker) that later replaces `setTimeout`, `Promise.prototype.then`,
 * `EventTarget.prototype.addEventListener`, `Function.prototype.call` or `Reflect.apply` sees no
 * call of ours, and cannot run code inside ours.
 */

/** `Reflect.apply`: calls a function with no lookup on anything a page can replace. */
export const apply = Reflect.apply;
/** `Reflect.construct`: `new` with the `new.target` given. */
export const construct = Reflect.construct;
const { addEventListener: listen } = EventTarget.prototype;
const { then: promiseThen } = Promise.prototype;
/** The platform's Promise: what fetch returns, whatever the page later names `Promise`. */
export const NativePromise = Promise;

/** `performance.now()`. */
export const now = performance.now.bind(performance);
/** The platform's `setTimeout`, unseen by a page's timer patches (zone.js counts those as its app's tasks). */
export const later = setTimeout.bind(globalThis) as (run: () => void, ms: number) => number;
export const getOwnDescriptor = Object.getOwnPropertyDescriptor;
/** The platform's getter of `proto[key]`, taken now. */
export const getter = (proto: object, key: PropertyKey) => getOwnDescriptor(proto, key)!.get!;
export const defineProperty = Object.defineProperty;
const { setPrototypeOf } = Object;
/**
 * V8 formats a stack through Error.prepareStackTrace; Firefox has no such hook. Known from the
 * build, not from a stack: formatting one at document_start makes V8 collect the source positions
 * of every function on it, the whole script's top level included, which it parses again for them
 * (~3.5 ms in a new renderer process, more than the rest of the page side's start).
 */
const v8 = !import.meta.env.FIREFOX;

/**
 * A new array of ours with no prototype: writing an item looks nothing up, so a setter a page
 * put on Array.prototype's indices never sees (or rewrites) what we store. Arrays cross to the
 * bridge as structured clones, which make them ordinary arrays again.
 */
export const list = <T>(): T[] => setPrototypeOf([], null) as T[];

/** The argument at `index`, or undefined where the call had fewer: never read through Array.prototype. */
export const arg = (args: ArrayLike<unknown>, index: number): unknown => (index < args.length ? args[index] : undefined);
/** A new record of ours with no prototype: reading a field it lacks finds no getter of a page's. */
export const record = <T extends object>(fields: T): T => setPrototypeOf(fields, null) as T;

/** `target.addEventListener(type, listener, options)` with the platform's method. */
export function on(target: EventTarget, type: string, listener: (event: never) => void, options: AddEventListenerOptions): void {
  // A null-prototype options object: reading its members runs no getter a page put on Object.prototype.
  apply(listen, target, [type, listener, { __proto__: null, ...options }]);
}

const speciesGetter = getOwnDescriptor(NativePromise, Symbol.species)?.get;
const { getPrototypeOf, hasOwn } = Object;

/**
 * Whether `then` on `promise` calls only the platform's code: it reads `promise.constructor` (on
 * Promise.prototype for one of the platform's promises) and that constructor's Symbol.species,
 * either of which a page may redefine, and a promise that is not the platform's (a page's fetch
 * underneath ours) may be a subclass's. Checked at each call: cheaper than giving the promise an
 * own `constructor`, which also makes V8 take its slow path for every promise's `then` on the page
 * from then on. A descriptor's fields are read only where they are its own: a missing one would be
 * looked up on Object.prototype, where a page may have put a getter.
 */
export function speciesAsBuilt(promise: unknown): boolean {
  if (typeof promise !== 'object' || promise === null) return true; // then() refuses it before reading anything
  if (getPrototypeOf(promise) !== NativePromise.prototype || hasOwn(promise, 'constructor')) return false;
  const constructor = getOwnDescriptor(NativePromise.prototype, 'constructor');
  const species = getOwnDescriptor(NativePromise, Symbol.species);
  return !!constructor && hasOwn(constructor, 'value') && constructor.value === NativePromise && !!species && hasOwn(species, 'get') && species.get === speciesGetter;
}

/** `promise.then(ok, err)` with the platform's method. */
export function onSettled<T, R>(promise: Promise<T>, ok: (value: T) => R, err: (reason: unknown) => R): Promise<R> {
  return apply(promiseThen, promise, [ok, err]) as Promise<R>;
}

const NativeError = Error as ErrorConstructor & { stackTraceLimit?: number };

/** Error.stackTraceLimit where it is a plain writable number, else undefined (left alone: a page froze it or made it an accessor). */
export const writableStackLimit = (): number | undefined => {
  const own = getOwnDescriptor(NativeError, 'stackTraceLimit');
  return own && 'value' in own && own.writable && typeof own.value === 'number' ? own.value : undefined;
};
/** Sets Error.stackTraceLimit, unless it was made read-only meanwhile. */
export const setStackLimit = (limit: number) => {
  try {
    NativeError.stackTraceLimit = limit;
  } catch {
    // made read-only meanwhile: left as it is
  }
};

// The platform's stack accessors: Error.prototype's in Firefox (and DOMException's), each error's
// own in Chromium, taken from an error of ours when first needed (making one at document_start
// costs what formatting its stack does while DevTools is open).
const protoStackAccessors = [getOwnDescriptor(Error.prototype, 'stack'), getOwnDescriptor(DOMException.prototype, 'stack')];
let ownStackAccessor: PropertyDescriptor | undefined | null = null;
/** The platform's getter of an error's stack: each error's own (Chromium) or Error.prototype's (Firefox). */
export function nativeStackGetter(): (() => unknown) | undefined {
  if (ownStackAccessor === null) ownStackAccessor = getOwnDescriptor(new NativeError(), 'stack');
  return ownStackAccessor?.get ?? protoStackAccessors[0]?.get;
}
const isNativeAccessor = (d: PropertyDescriptor) => {
  if (!d.get) return false;
  if (d.get === nativeStackGetter()) return true;
  for (let i = 0; i < protoStackAccessors.length; i++) if (protoStackAccessors[i]?.get === d.get) return true;
  return false;
};

/** Our frames' script, read from the one-frame stack of an error made here (this function's own frame). */
function ourFrameScript(): string | undefined {
  // One frame: V8 collects the source positions of this function only, not of its callers. The
  // page's limit is set back before anything else runs; where it is not ours to change, a deeper
  // stack has this frame first all the same.
  const limit = writableStackLimit();
  if (limit !== undefined) setStackLimit(1);
  let stack: unknown;
  try {
    const error = new NativeError();
    const getter = nativeStackGetter();
    stack = getter ? apply(getter, error, []) : undefined;
  } finally {
    if (limit !== undefined) setStackLimit(limit);
  }
  const frame = typeof stack === 'string' ? /(?:\(|@|at )((?:chrome|moz)-extension:\/\/[^/\s)]+\/[^\s):]*|<anonymous code>):\d+:\d+\)?$/m.exec(stack) : null;
  return frame?.[1];
}
/**
 * Where our own frames say they come from: Chromium names the script
 * (`chrome-extension://<id>/content-scripts/capture.js`), Firefox shows a page-world content
 * script as `<anonymous code>`. Read when an error first needs scrubbing, not at document_start.
 */
let ours: string | undefined | null = null;
const ourScript = () => (ours === null ? (ours = ourFrameScript()) : ours);
const { split, includes } = String.prototype;
const { join, filter } = Array.prototype;

/** The `stack` descriptor an error's reads go through: its own, or the first on its chain. */
function stackDescriptor(error: object): { own: boolean; descriptor: PropertyDescriptor } | undefined {
  for (let o: object | null = error, depth = 0; o && depth < 8; o = getPrototypeOf(o), depth++) {
    const descriptor = getOwnDescriptor(o, 'stack');
    if (descriptor) return { own: o === error, descriptor };
  }
  return undefined;
}

/**
 * Removes our frames from an error that was thrown or rejected through one of our wrappers, so the
 * page's error reports show its own frames only (no extension id, nothing an error monitor would
 * take for the page's code). Leaves any other value, and an error without our frames, untouched.
 * Only a plain value or the platform's own accessor is read: a page's getter never runs.
 */
export function scrub<T>(error: T): T {
  // A page's Error.prepareStackTrace formats a V8 stack when it is first read: reading it here
  // would run the page's code early, with our frames in hand. Such a page keeps them.
  const prepare = v8 && getOwnDescriptor(NativeError, 'prepareStackTrace');
  if (prepare && (!('value' in prepare) || prepare.value !== undefined)) return error;
  if (error === null || typeof error !== 'object') return error;
  const where = ourScript();
  return where ? removeFrames(error, where) : error;
}

/** Removes the stack lines of `error` that name `where` (see scrub); exported for its tests. */
export function removeFrames<T>(error: T, where: string): T {
  if (error === null || typeof error !== 'object') return error;
  try {
    const found = stackDescriptor(error);
    if (!found) return error;
    const { own, descriptor } = found;
    const native = !('value' in descriptor) && isNativeAccessor(descriptor);
    if (!('value' in descriptor) && !native) return error;
    const stack = native ? apply(descriptor.get!, error, []) : descriptor.value;
    if (typeof stack !== 'string' || !apply(includes, stack, [where])) return error;
    const lines = apply(split, stack, ['\n']) as string[];
    const kept = apply(join, apply(filter, lines, [(line: string) => !apply(includes, line, [where])]), ['\n']) as string;
    // Chromium: the error's own accessor takes the new text. Firefox keeps the stack on the
    // prototype: the error gets an own value, not enumerable, as close as the platform allows.
    if (own && native && descriptor.set) apply(descriptor.set, error, [kept]);
    else if (own && 'value' in descriptor) defineProperty(error, 'stack', { __proto__: null, value: kept } as PropertyDescriptor);
    else defineProperty(error, 'stack', { __proto__: null, value: kept, writable: true, configurable: true } as PropertyDescriptor);
  } catch {
    // a frozen or exotic error: it keeps its stack
  }
  return error;
}
