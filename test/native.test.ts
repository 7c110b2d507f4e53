import { describe, expect, it, vi } from 'vitest';
import { imitate, wrapConstructor, wrapMethod } from '../src/capture/native';
import { removeFrames } from '../src/capture/platform';

/** What the usual native checks read of a function (lodash's isNative, anti-tamper scripts, feature detection). */
function looks(fn: unknown) {
  const f = fn as (...args: unknown[]) => unknown;
  const attempt = (run: () => unknown) => {
    try {
      return run();
    } catch (error) {
      return `threw ${(error as Error).name}`;
    }
  };
  return {
    // Function.prototype.toString as a page script sees it: read when it runs, after ours is in place.
    text: Function.prototype.toString.call(f),
    viaMethod: f.toString(),
    name: f.name,
    length: f.length,
    keys: Reflect.ownKeys(f).map(String).sort(),
    name$: Object.getOwnPropertyDescriptor(f, 'name'),
    length$: Object.getOwnPropertyDescriptor(f, 'length'),
    hasPrototype: 'prototype' in f,
    proto: Object.getPrototypeOf(f) === Function.prototype,
    // What `new` makes: its kind and prototype (not its value: a Date made a millisecond later differs).
    construct: attempt(() => {
      const made = Reflect.construct(f, []) as object;
      return [Object.prototype.toString.call(made), Object.getPrototypeOf(made) === (f as { prototype?: unknown }).prototype];
    }),
    extensible: Object.isExtensible(f),
    bound: f.bind(null).name,
  };
}

describe('native-looking wrappers', () => {
  // Built-ins of each kind a page-side wrapper replaces (the engine's own, as the browser's are):
  // a method that throws on a wrong receiver, plain functions, a constructor.
  const cases: [string, object, string][] = [
    ['Map.prototype.get', Map.prototype, 'get'],
    ['Math.max', Math, 'max'],
    ['JSON.parse', JSON, 'parse'],
    ['String.prototype.trim', String.prototype, 'trim'],
    ['Date', globalThis, 'Date'],
  ];

  it.each(cases)('%s: a wrapper reads as the native it replaces, and its owner keeps the same descriptor', (_name, owner, key) => {
    const target = owner as Record<string, unknown>;
    const native = target[key];
    const before = looks(native);
    const descriptor = Object.getOwnPropertyDescriptor(owner, key);
    let calls = 0;
    const restore = wrapMethod(target, key, (original, self, args) => {
      calls++;
      return Reflect.apply(original as (...a: unknown[]) => unknown, self, args);
    });
    try {
      const wrapper = target[key];
      expect(wrapper).not.toBe(native);
      expect(looks(wrapper)).toEqual(before);
      expect(Object.getOwnPropertyDescriptor(owner, key)).toEqual({ ...descriptor, value: wrapper });
      // toString answers for itself as the native does, through every way of calling it.
      expect(Function.prototype.toString.call(Function.prototype.toString)).toBe('function toString() { [native code] }');
      expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
      // Calls go through the trap, to the native, with the same result.
      const results: Record<string, () => unknown> = {
        get: () => (wrapper as Map<string, number>['get']).call(new Map([['a', 1]]), 'a'),
        max: () => (wrapper as typeof Math.max)(1, 3, 2),
        parse: () => (wrapper as typeof JSON.parse)('{"a":[1]}'),
        trim: () => (wrapper as () => string).call('  a  '),
        Date: () => new (wrapper as DateConstructor)(0).getTime(),
      };
      const expected: Record<string, unknown> = { get: 1, max: 3, parse: { a: [1] }, trim: 'a', Date: 0 };
      expect(results[key]!()).toEqual(expected[key]);
      expect(calls).toBe(key === 'Date' ? 0 : 1); // new goes to the native's own construct
    } finally {
      restore();
    }
    expect(target[key]).toBe(native);
  });

  it('throws what the native throws, with no frame of the wrapper in its stack', () => {
    const marker = import.meta.url.replace(/^file:\/\//, '');
    const wrapper = imitate(Map.prototype.get, (original, self, args) => Reflect.apply(original, self, args));
    let thrown: unknown;
    try {
      wrapper.call({} as Map<string, number>, 'a'); // a wrong receiver: the native's own TypeError
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String((thrown as Error).message)).toMatch(/Map/);
    // The test file stands in for our script: its frames go, the others stay.
    const before = String((thrown as Error).stack).split('\n');
    const cleaned = String(removeFrames(thrown as Error, marker).stack).split('\n');
    expect(before.some((line) => line.includes(marker))).toBe(true);
    expect(cleaned.some((line) => line.includes(marker))).toBe(false);
    expect(cleaned[0]).toBe(before[0]);
    expect(cleaned.length).toBe(before.filter((line) => !line.includes(marker)).length);
  });

  it('leaves a value that is no error, or an error with a getter of its own, untouched', () => {
    expect(removeFrames('text', 'x')).toBe('text');
    let reads = 0;
    const tricky = Object.defineProperty(new Error('x'), 'stack', { get: () => (reads++, 'at x') });
    expect(removeFrames(tricky, 'x')).toBe(tricky);
    expect(reads).toBe(0);
  });

  it("keeps as many of the page's frames in an error a wrapped constructor throws as without the wrapper", () => {
    class Refusing {
      constructor() {
        throw new TypeError('refused');
      }
    }
    const owner = { Refusing };
    // Frames of ours: the handler's method, guard() and the trap (named here to be told apart).
    const restore = wrapConstructor(owner, 'Refusing', function ourTrap(original, args, newTarget) {
      return Reflect.construct(original as typeof Refusing, args, newTarget);
    });
    const ours = /\bat (?:ourTrap|guard|Object\.handler\.construct|handler\.construct) /;
    const deep = (make: () => unknown, depth: number): string[] => {
      try {
        if (depth === 0) make();
        else return deep(make, depth - 1);
      } catch (error) {
        return String((error as Error).stack).split('\n');
      }
      return [];
    };
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 6;
    try {
      const without = deep(() => new Refusing(), 20);
      const withWrapper = deep(() => new owner.Refusing(), 20);
      expect(withWrapper.filter((line) => ours.test(line))).toHaveLength(3);
      expect(withWrapper.filter((line) => !ours.test(line)).map((line) => line.replace(/:\d+:\d+\)?$/, ''))).toEqual(without.map((line) => line.replace(/:\d+:\d+\)?$/, '')));
      expect(Error.stackTraceLimit).toBe(6);
    } finally {
      Error.stackTraceLimit = limit;
      restore();
    }
    expect(owner.Refusing).toBe(Refusing);
  });
});
describe('the page side at document_start', () => {
  it('formats no stack as it starts (V8 would parse the whole script again for its positions), and the first scrub leaves the limit as it was', async () => {
    vi.resetModules();
    const formatted: unknown[] = [];
    const limit = Error.stackTraceLimit;
    Error.prepareStackTrace = (error) => void formatted.push(error);
    try {
      const platform = await import('../src/capture/platform');
      await import('../src/capture/native');
      expect(formatted).toEqual([]);
      delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
      Error.stackTraceLimit = 7;
      const error = new Error('thrown');
      expect(platform.scrub(error)).toBe(error);
      expect(Error.stackTraceLimit).toBe(7);
      expect(String(error.stack)).toContain('thrown');
    } finally {
      delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
      Error.stackTraceLimit = limit;
    }
  });
});
