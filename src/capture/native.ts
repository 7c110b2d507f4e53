/**
 * Wrappers a page cannot tell from the browser's own functions. Each is a Proxy of the original,
 * so `name`, `length`, property descriptors, the absence of `prototype` and what `new` does are
 * the original's, exactly. `Function.prototype.toString` (also through `.call`, and on itself)
 * answers for a wrapper what it answers for the original. Errors thrown through a wrapper leave it
 * without a frame of ours.
 */
import { apply, record, scrub, setStackLimit, writableStackLimit } from './platform';

/**
 * What a wrapper does in place of a call: receives the original, `this` and the call's own
 * arguments array, which a trap reads with arg() (platform.ts), never past its length.
 */
export type Trap<F> = (original: F, self: unknown, args: IArguments | unknown[]) => unknown;
/** What a constructor's wrapper does in place of `new` (also `super()` of a subclass): receives the original, the arguments and `new.target`. */
export type ConstructTrap<F> = (original: F, args: unknown[], newTarget: Function) => object;

const { get, set } = WeakMap.prototype;
/** Each wrapper's original. */
const originals = new WeakMap<object, object>();
const originalOf = (fn: unknown): unknown => (typeof fn === 'function' && apply(get, originals, [fn])) || fn;

const toStringOwner = Function.prototype;
const nativeToString = toStringOwner.toString;
let toStringWrapper: unknown;

/**
 * A wrapper of `original` that runs `trap` (if given) for each call, and `construct` (if given)
 * for each `new`; what it has no trap for goes to the original first-hand (not installed anywhere).
 */
export function imitate<F extends object>(original: F, trap?: Trap<F>, construct?: ConstructTrap<F>): F {
  if (!toStringWrapper) {
    toStringWrapper = proxy(nativeToString, (target, self, args) => apply(target, originalOf(self), args));
    toStringOwner.toString = toStringWrapper as typeof nativeToString;
  }
  return proxy(original, trap, construct);
}

// An error made while the original runs keeps Error.stackTraceLimit frames (V8: 10, Firefox: 128,
// unless the page says otherwise): ours would take three of them (the handler's method, guard()
// and the trap), and the page's deepest frames would be missing once ours are removed. While a
// wrapper runs, the limit is three more, where it is a plain writable number: a page that froze
// Error, or made the limit an accessor, keeps it untouched (and sees no call of ours).
const OUR_FRAMES = 3;

/**
 * Runs a wrapper's trap: the limit has room for our frames meanwhile, and what it throws leaves
 * without them. Each handler method calls this, which calls the trap: our frames are these three.
 */
function guard<A, B, C>(trap: (a: A, b: B, c: C) => unknown, a: A, b: B, c: C): unknown {
  const limit = writableStackLimit();
  if (limit !== undefined) setStackLimit(limit + OUR_FRAMES);
  try {
    return trap(a, b, c);
  } catch (error) {
    throw scrub(error);
  } finally {
    if (limit !== undefined) setStackLimit(limit);
  }
}

function proxy<F extends object>(original: F, trap?: Trap<F>, construct?: ConstructTrap<F>): F {
  const handler: ProxyHandler<F> & { __proto__: null } = { __proto__: null };
  // A trap reads an argument with arg(): one the page left out reads as undefined, not through a
  // getter the page put on Array.prototype. (Giving the array no prototype instead cost ~0.2 µs a
  // call, bench --fetch-baseline: V8 leaves its fast path for such an array.)
  if (trap) handler.apply = (target, self, args) => guard(trap, target, self, args);
  // `new Wrapper()` is `new Original()`; a subclass's `super()` keeps its own new.target.
  if (construct) handler.construct = (target, args, newTarget) => guard(construct, target, record(args), newTarget === wrapper ? (target as unknown as Function) : newTarget) as object;
  const wrapper = new Proxy(original, handler);
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

/**
 * Replaces the constructor `owner[key]` by a wrapper that runs `construct` for each `new` (a
 * call without `new` reaches the original untouched, which throws as it does). Its prototype's
 * `constructor` names the wrapper, so `made.constructor === Ctor` holds as without us. Returns a
 * function that puts both back, unless the page has since replaced them.
 */
export function wrapConstructor<O extends object, K extends keyof O>(owner: O, key: K, construct: ConstructTrap<O[K] & object>): () => void {
  const original = owner[key] as O[K] & { prototype: { constructor: unknown } };
  const wrapper = imitate(original, undefined, construct);
  const proto = original.prototype;
  owner[key] = wrapper;
  proto.constructor = wrapper;
  return () => {
    if (owner[key] === wrapper) owner[key] = original;
    if (proto.constructor === wrapper) proto.constructor = original;
  };
}
