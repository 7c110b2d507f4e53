/** Typed reads and live watches of one storage.local key. */
import { browser } from 'wxt/browser';

/** The value under `key`, parsed (parse applies defaults to whatever is stored, even nothing). */
export async function readKey<T>(key: string, parse: (stored: unknown) => T): Promise<T> {
  return parse((await browser.storage.local.get(key))[key]);
}

/** Stores `value` under `key`. */
export async function writeKey(key: string, value: unknown): Promise<void> {
  await browser.storage.local.set({ [key]: value });
}

/** Calls `listener` with each new parsed value of `key` until `signal` aborts. */
export function watchKey<T>(key: string, parse: (stored: unknown) => T, listener: (value: T) => void, signal: AbortSignal): void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes[key]) listener(parse(changes[key].newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(onChanged), { once: true });
}
