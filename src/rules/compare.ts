/**
 * OTTL's comparison rules (pkg/ottl/compare.go): nil equals only nil; values of different types
 * are never equal (`!=` is true, every ordering false), except that ints and doubles compare as
 * numbers; strings compare byte-wise, bools as false < true, bytes byte-wise; lists and maps
 * compare for equality only.
 */
import type { CompareOp } from './ast';
import type { Value } from './value';

/** `a op b` under OTTL's rules. */
export function compareValues(a: Value, b: Value, op: CompareOp): boolean {
  if (a === null || b === null) {
    if (a === null && b === null) return op === '==' || op === '<=' || op === '>=';
    return op === '!=';
  }
  const ta = typeof a;
  const tb = typeof b;
  const numeric = (ta === 'bigint' || ta === 'number') && (tb === 'bigint' || tb === 'number');
  if (numeric) {
    // Go converts the int to float64 when the types differ: 2^53+1 == 2^53 as doubles.
    const x = ta === tb ? a : Number(a);
    const y = ta === tb ? b : Number(b);
    return ordered(x as number, y as number, op);
  }
  if (ta === 'string' && tb === 'string') return ordered(utf8Order(a as string, b as string), 0, op);
  if (ta === 'boolean' && tb === 'boolean') return ordered(Number(a), Number(b), op);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return ordered(byteOrder(a, b), 0, op);
  if ((Array.isArray(a) && Array.isArray(b)) || (a instanceof Map && b instanceof Map)) {
    if (op === '==') return deepEqual(a, b);
    if (op === '!=') return !deepEqual(a, b);
    return false;
  }
  return op === '!=';
}

function ordered<T extends number | bigint>(a: T, b: T, op: CompareOp): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/**
 * Go compares strings by their UTF-8 bytes; UTF-16 order differs only between a surrogate pair
 * and a character from U+E000, so compare code points.
 */
function utf8Order(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return (a.codePointAt(i)! - b.codePointAt(i)!) || x - y;
    return x - y;
  }
  return a.length - b.length;
}

function byteOrder(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, x]) => b.has(k) && deepEqual(x, b.get(k)!));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return byteOrder(a, b) === 0;
  return false;
}
