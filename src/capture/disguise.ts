/**
 * Makes a wrapper look like the function it wraps: same `name`, same `length`, and a `toString()`
 * that answers as the original does (`function fetch() { [native code] }`), so pages and libraries
 * that check for native functions keep working.
 */
export function disguise<T extends (...args: never[]) => unknown>(wrapper: T, original: T): T {
  try {
    Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
    const text = Function.prototype.toString.call(original);
    Object.defineProperty(wrapper, 'toString', { value: () => text, configurable: true, writable: true });
  } catch {
    // a frozen function: it still works, it just looks like a wrapper
  }
  return wrapper;
}
