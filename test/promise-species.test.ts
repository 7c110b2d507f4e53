/**
 * speciesAsBuilt (src/capture/platform.ts): where it says yes, `then` on the promise runs no code
 * of the page's (ECMAScript's Promise.prototype.then: SpeciesConstructor reads `constructor` on the
 * promise, then Symbol.species on that; NewPromiseCapability reads the constructor's `prototype`),
 * under each redefinition a page or a library may make; and it runs none itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { speciesAsBuilt } from '../src/capture/platform';

const { then } = Promise.prototype;
const NativePromise = Promise;
/** Each call of a page's getter, trap or constructor. */
let calls: string[] = [];
const undo: (() => void)[] = [];

/** Redefines `key` of `target` for one case; put back after it. */
function redefine(target: object, key: PropertyKey, descriptor: PropertyDescriptor | undefined): void {
  // Descriptors without a prototype: a getter this test put on Object.prototype is not theirs.
  const before = Object.getOwnPropertyDescriptor(target, key);
  if (before) Object.setPrototypeOf(before, null);
  undo.push(() => (before ? Object.defineProperty(target, key, before) : delete (target as Record<PropertyKey, unknown>)[key]));
  if (descriptor) Object.defineProperty(target, key, { __proto__: null, configurable: true, ...descriptor } as PropertyDescriptor);
  else delete (target as Record<PropertyKey, unknown>)[key];
}
const getter = (name: string, value?: unknown) => ({ get: () => (calls.push(name), value) });
const reparent = (target: object, proto: object) => {
  const before = Object.getPrototypeOf(target);
  undo.push(() => Object.setPrototypeOf(target, before));
  Object.setPrototypeOf(target, proto);
};
/** A Proxy that records each of its traps. */
const spy = (name: string, target: object = {}) =>
  new Proxy(target, {
    get: (t, k, r) => (calls.push(`${name}.get ${String(k)}`), Reflect.get(t, k, r)),
    getOwnPropertyDescriptor: (t, k) => (calls.push(`${name}.gOPD ${String(k)}`), Reflect.getOwnPropertyDescriptor(t, k)),
    has: (t, k) => (calls.push(`${name}.has ${String(k)}`), Reflect.has(t, k)),
  });

class PagePromise<T> extends NativePromise<T> {
  constructor(executor: (resolve: (value: T) => void, reject: (reason?: unknown) => void) => void) {
    calls.push('PagePromise');
    super(executor);
  }
}

/** What the page may do before its fetch() (each case is put back after it). */
const CASES: Record<string, { redefine: () => void; promise?: () => Promise<unknown>; asBuilt: boolean }> = {
  'nothing redefined': { redefine: () => undefined, asBuilt: true },
  'a getter at Object.prototype.get (a descriptor without one would read it)': { redefine: () => redefine(Object.prototype, 'get', getter('Object.prototype.get')), asBuilt: true },
  'a getter at Object.prototype.value, and Promise.prototype.constructor an accessor': {
    redefine: () => {
      redefine(Object.prototype, 'value', getter('Object.prototype.value'));
      redefine(Promise.prototype, 'constructor', getter('constructor', NativePromise));
    },
    asBuilt: false,
  },
  'Promise.prototype.constructor a subclass': { redefine: () => redefine(Promise.prototype, 'constructor', { value: PagePromise, writable: true }), asBuilt: false },
  'Promise.prototype.constructor deleted': { redefine: () => redefine(Promise.prototype, 'constructor', undefined), asBuilt: false },
  'Symbol.species deleted': { redefine: () => redefine(Promise, Symbol.species, undefined), asBuilt: false },
  'Symbol.species a getter of the page’s': { redefine: () => redefine(Promise, Symbol.species, getter('species', NativePromise)), asBuilt: false },
  'Symbol.species a data property': { redefine: () => redefine(Promise, Symbol.species, { value: NativePromise }), asBuilt: false },
  'Promise’s prototype a Proxy': { redefine: () => reparent(Promise, spy('Promise.__proto__', Function.prototype)), asBuilt: true },
  'Promise.prototype’s prototype a Proxy': { redefine: () => reparent(Promise.prototype, spy('Promise.prototype.__proto__', Object.prototype)), asBuilt: true },
  'getters at Function.prototype[Symbol.species] and Object.prototype.constructor': {
    redefine: () => {
      redefine(Function.prototype, Symbol.species, getter('Function.prototype[Symbol.species]'));
      redefine(Object.prototype, 'constructor', getter('Object.prototype.constructor'));
    },
    asBuilt: true,
  },
  'a getter at Object.prototype[Symbol.species]': { redefine: () => redefine(Object.prototype, Symbol.species, getter('Object.prototype[Symbol.species]')), asBuilt: true },
  'a promise of a subclass (a page’s fetch underneath)': { redefine: () => undefined, promise: () => new PagePromise(() => undefined), asBuilt: false },
  'a promise with its own constructor': {
    redefine: () => undefined,
    promise: () => Object.defineProperty(new Promise(() => undefined), 'constructor', getter('own constructor', PagePromise)),
    asBuilt: false,
  },
};

afterEach(() => {
  while (undo.length) undo.pop()!();
  calls = [];
});

describe('speciesAsBuilt', () => {
  for (const [name, { redefine: setUp, promise, asBuilt }] of Object.entries(CASES))
    it(`says ${asBuilt ? 'yes' : 'no'}, calling nothing of the page’s, when ${name}`, () => {
      const p = promise?.() ?? new Promise(() => undefined);
      calls = [];
      let said: boolean;
      let after: string[];
      try {
        setUp();
        said = speciesAsBuilt(p);
        after = [...calls];
        // Where it says yes, then() as the fetch wrapper calls it runs nothing of the page's either.
        if (said) Reflect.apply(then, p, [() => undefined, () => undefined]);
      } finally {
        while (undo.length) undo.pop()!();
      }
      expect({ said, calls: after }).toEqual({ said: asBuilt, calls: [] });
      expect(calls).toEqual([]);
    });

  it('says yes of what then() refuses before reading anything (not an object)', () => {
    expect(speciesAsBuilt(undefined)).toBe(true);
  });
});
