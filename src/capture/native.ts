/**
 * Wrappers a page cannot tell from the browser's own functions. Each is a Proxy of the original,
 * so `name`, `length`, property descriptors, the absence of `prototype` and what `new` does are
 * the original's, exactly. `Function.prototype.toString` (also through `.call`, and on itself)
 * answers for a wrapper what it answers for the original. Errors thrown through a wrapper leave it
 * without a frame of ours.
 */
import { apply, getOwnDescriptor, scrub } from './platform';

/** What a wrapper does in place of a call: receives the original, `this` and the arguments. */
export type Trap<F> = (original: F, self: unknown, args: IArguments | unknown[]) => unknown;

const { get, set } = WeakMap.prototype;
/** Each wrapper's original. */
const originals = new WeakMap<object, object>();
const originalOf = (fn: unknown): unknown => (typeof fn === 'function' && apply(get, originals, [fn])) || fn;

const toStringOwner = Function.prototype;
const nativeToString = toStringOwner.toString;
let toStringWrapper: unknown;

/** A wrapper of `original` that runs `trap` for each call (not installed anywhere). */
export function imitate<F extends object>(original: F, trap: Trap<F>): F {
  if (!toStringWrapper) {
    toStringWrapper = proxy(nativeToString, (target, self, args) => apply(target, originalOf(self), args));
    toStringOwner.toString = toStringWrapper as typeof nativeToString;
  }
  return proxy(original, trap);
}

// An error made while the original runs keeps Error.stackTraceLimit frames (V8: 10, Firefox: 128,
// unless the page says otherwise): ours would take two of them (the trap and the wrapper's
// function), and the page's deepest frames would be missing once ours are removed. While a
// wrapper runs, the limit is two more, where it is a plain writable number: a page that froze
// Error, or made the limit an accessor, keeps it untouched (and sees no call of ours).
const ErrorConstructor = Error as ErrorConstructor & { stackTraceLimit?: number };
const OUR_FRAMES = 2;
const limitNow = (): number | undefined => {
  const own = getOwnDescriptor(ErrorConstructor, 'stackTraceLimit');
  return own && 'value' in own && own.writable && typeof own.value === 'number' ? own.value : undefined;
};
const setLimit = (limit: number) => {
  try {
    ErrorConstructor.stackTraceLimit = limit;
  } catch {
    // made read-only meanwhile: left as it is
  }
};

function proxy<F extends object>(original: F, trap: Trap<F>): F {
  const handler = {
    __proto__: null,
    apply(target: F, self: unknown, args: unknown[]) {
      const limit = limitNow();
      if (limit !== undefined) setLimit(limit + OUR_FRAMES);
      try {
        return trap(target, self, args);
      } catch (error) {
        throw scrub(error);
      } finally {
        if (limit !== undefined) setLimit(limit);
      }
    },
  };
  const wrapper = new Proxy(original, handler as ProxyHandler<F>);
  apply(set, originals, [wrapper, original]);
  return wrapper;
}

/**
 * Replaces `owner[key]` by a wrapper that runs `trap` for each call. Returns a function that puts
 * the original back, unless the page has since replaced ours with its own.
 */
export function wrapMethod<O extends object, K extends keyof O>(owner: O, key: K, trap: Trap<O[K] & object>): () => void {
  const original = owner[key] as O[K] & object;
  const wrapper = imitate(original, trap);
  owner[key] = wrapper;
  return () => {
    if (owner[key] === wrapper) owner[key] = original as O[K];
  };
}
