/**
 * The values OTTL statements compute with, and how span attributes read as them. OTTL tells an
 * int64 from a float64: here an int is a `bigint` and a double a `number`, so `7 / 2` is 3 and
 * `7.0 / 2` is 3.5, as in the Collector, and times in nanoseconds keep every digit. Attributes
 * are stored as JSON numbers, which cannot tell 3.0 from 3: a whole number reads as an int, as
 * the OTLP exporter sends it (src/otlp/protobuf-writer.ts).
 */
import type { AttributeValue } from '../protocol/span';
import { RuleRuntimeError } from './rule-error';

export type Value = null | string | boolean | bigint | number | Uint8Array | Value[] | ValueMap;
export type ValueMap = Map<string, Value>;

/** The OTTL name of the type of `v`, for messages. */
export function typeName(v: Value): string {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'double';
  }
  if (v instanceof Uint8Array) return 'bytes';
  return Array.isArray(v) ? 'list' : 'map';
}

/** An attribute (or resource attribute) as a value; absent, or not a value, is nil. */
export function fromAttribute(v: unknown): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isSafeInteger(v) ? BigInt(v) : v;
  }
  // Resource attributes may be string lists (browser.brands).
  return Array.isArray(v) ? v.map(fromAttribute) : null;
}

/** A value as an attribute can hold it; lists, maps, bytes and nil cannot be attributes here. */
export function toAttribute(v: Value, what: string): AttributeValue {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    case 'number':
      if (!Number.isFinite(v)) throw new RuleRuntimeError(`${what}: ${v} cannot be stored`);
      return v;
  }
  throw new RuleRuntimeError(`${what}: a ${typeName(v)} cannot be an attribute value here (strings, ints, doubles and bools can)`);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

/**
 * The string form OTTL's StringLikeGetter gives (Concat, String, IsMatch): strings as they are,
 * numbers and bools as JSON writes them, bytes as hex, lists and maps as JSON; nil has none.
 */
export function toStringLike(v: Value): string | undefined {
  switch (typeof v) {
    case 'string': return v;
    case 'boolean':
    case 'bigint': return String(v);
    case 'number':
      if (!Number.isFinite(v)) throw new RuleRuntimeError(`${v} has no JSON form`);
      return String(v);
  }
  if (v === null) return undefined;
  if (v instanceof Uint8Array) return toHex(v);
  return JSON.stringify(toJson(v));
}

function toJson(v: Value): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer_base64(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** Base64 of bytes, as pdata's AsRaw of bytes is marshalled in JSON. */
function Buffer_base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The value, a string, or a runtime error naming `what` (OTTL's StringGetter). */
export function expectString(v: Value, what: string): string {
  if (typeof v === 'string') return v;
  throw new RuleRuntimeError(`${what}: expected string but got ${typeName(v)}`);
}

/** The value, an int, or a runtime error naming `what` (OTTL's IntGetter). */
export function expectInt(v: Value, what: string): bigint {
  if (typeof v === 'bigint') return v;
  throw new RuleRuntimeError(`${what}: expected int but got ${typeName(v)}`);
}

/** The number of bytes of `s` in UTF-8, as Go's len(string) counts. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}
