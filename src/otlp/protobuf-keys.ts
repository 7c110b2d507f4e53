/**
 * Attribute keys as the protobuf writer sends them, encoded once: a request repeats the same few
 * dozen keys on every span, and copying their bytes costs a fraction of encoding them again. Each
 * holds the bytes of a KeyValue after its own tag and length (the key, field 1, then the value's
 * tag, field 2), and whether numbers under the key are doubles (doubles.ts).
 */
import { isDouble } from './doubles';
import { LEN, putString, stringRoom, tag } from './protobuf-wire';

export interface EncodedKey {
  /** KeyValue.key's tag, length and UTF-8 bytes, then KeyValue.value's tag. */
  bytes: Uint8Array;
  double: boolean;
}

/** Keys kept at most: an imported file could bring any number of them; a page's spans have a few dozen. */
const MAX_KEYS = 4096;

const keys = new Map<string, EncodedKey>();

/** `key`, encoded (once, while it stays among the keys kept). */
export function encodedKey(key: string): EncodedKey {
  let entry = keys.get(key);
  if (entry) return entry;
  const bytes = new Uint8Array(2 + stringRoom(key));
  bytes[0] = tag(1, LEN);
  const end = putString(bytes, 1, key);
  bytes[end] = tag(2, LEN);
  entry = { bytes: bytes.slice(0, end + 1), double: isDouble(key) };
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(key, entry);
  return entry;
}
