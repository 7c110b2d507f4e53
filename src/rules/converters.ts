/**
 * The converters: pure functions of values (pkg/ottl/ottlfuncs), with the Collector's rules for
 * types and nil. Each is built once per call site from its bound arguments (arguments.ts).
 */
import { type Args, type Param } from './arguments';
import { compileGoRegex, trimForSearch } from './go-regex';
import { RuleRuntimeError, RuleSyntaxError } from './rule-error';
import { sha256Hex } from './sha256';
import type { Getter } from './span-paths';
import { expectInt, expectString, toStringLike, typeName, utf8Length, type Value } from './value';

export interface Converter {
  params: readonly Param[];
  build(args: Args, at: number): Getter;
}

const one = (name: string): Param[] => [{ name }];
const is = (test: (v: Value) => boolean): Converter => ({ params: one('value'), build: (a) => { const g = a.getter(0); return (c) => test(g(c)); } });
const stringFn = (name: string, fn: (s: string) => Value): Converter => ({
  params: one('target'),
  build: (a) => {
    const g = a.getter(0);
    return (c) => fn(expectString(g(c), name));
  },
});

export const CONVERTERS: Readonly<Record<string, Converter>> = {
  IsMatch: {
    params: [{ name: 'target' }, { name: 'pattern' }],
    build(a) {
      const target = a.getter(0);
      const pattern = compileGoRegex(trimForSearch(a.literalString(1)), false);
      if (typeof pattern === 'string') throw new RuleSyntaxError(`IsMatch: ${pattern}`, a.at(1));
      return (c) => {
        const s = toStringLike(target(c));
        return s !== undefined && pattern.test(s);
      };
    },
  },
  Concat: {
    params: [{ name: 'vals' }, { name: 'delimiter' }],
    build(a) {
      const vals = a.getters(0);
      const delimiter = a.getter(1);
      return (c) => {
        const d = expectString(delimiter(c), 'Concat delimiter');
        let out = '';
        for (let i = 0; i < vals.length; i++) out += (i ? d : '') + (toStringLike(vals[i]!(c)) ?? '<nil>');
        return out;
      };
    },
  },
  Split: {
    params: [{ name: 'target' }, { name: 'delimiter' }],
    build(a) {
      const target = a.getter(0);
      const delimiter = a.literalString(1);
      // Go's strings.Split with an empty delimiter splits after each character.
      return (c) => (delimiter ? expectString(target(c), 'Split').split(delimiter) : [...expectString(target(c), 'Split')]);
    },
  },
  Substring: {
    params: [{ name: 'target' }, { name: 'start' }, { name: 'length' }, { name: 'utf8_safe', optional: true }],
    build(a) {
      const [target, start, length] = [a.getter(0), a.getter(1), a.getter(2)];
      const runes = a.has(3) && a.literalBool(3);
      return (c) => substring(expectString(target(c), 'Substring'), expectInt(start(c), 'Substring start'), expectInt(length(c), 'Substring length'), runes);
    },
  },
  SHA256: stringFn('SHA256', sha256Hex),
  ToLowerCase: stringFn('ToLowerCase', (s) => s.toLowerCase()),
  ToUpperCase: stringFn('ToUpperCase', (s) => s.toUpperCase()),
  HasPrefix: { params: [{ name: 'target' }, { name: 'prefix' }], build: (a) => { const [t, p] = [a.getter(0), a.getter(1)]; return (c) => expectString(t(c), 'HasPrefix').startsWith(expectString(p(c), 'HasPrefix prefix')); } },
  HasSuffix: { params: [{ name: 'target' }, { name: 'suffix' }], build: (a) => { const [t, s] = [a.getter(0), a.getter(1)]; return (c) => expectString(t(c), 'HasSuffix').endsWith(expectString(s(c), 'HasSuffix suffix')); } },
  Len: {
    params: one('target'),
    build(a) {
      const g = a.getter(0);
      return (c) => {
        const v = g(c);
        if (typeof v === 'string') return BigInt(utf8Length(v));
        if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
        if (v instanceof Map) return BigInt(v.size);
        throw new RuleRuntimeError(`Len: the target must be a string, list, map or bytes but got ${typeName(v)}`);
      };
    },
  },
  Int: { params: one('value'), build: (a) => { const g = a.getter(0); return (c) => toInt(g(c)); } },
  Double: { params: one('value'), build: (a) => { const g = a.getter(0); return (c) => toDouble(g(c)); } },
  String: { params: one('value'), build: (a) => { const g = a.getter(0); return (c) => toStringLike(g(c)) ?? null; } },
  IsString: is((v) => typeof v === 'string'),
  IsInt: is((v) => typeof v === 'bigint'),
  IsDouble: is((v) => typeof v === 'number'),
  IsBool: is((v) => typeof v === 'boolean'),
  IsMap: is((v) => v instanceof Map),
  IsList: is((v) => Array.isArray(v)),
};

/** OTTL's Int: doubles truncate towards zero, strings parse as base-10 ints (or give nil), bools are 1 or 0. */
function toInt(v: Value): Value {
  switch (typeof v) {
    case 'bigint': return v;
    case 'boolean': return v ? 1n : 0n;
    case 'number':
      if (!Number.isFinite(v)) throw new RuleRuntimeError(`Int: ${v} is not a number an int can hold`);
      return BigInt.asIntN(64, BigInt(Math.trunc(v)));
    case 'string': {
      if (!/^[+-]?\d{1,19}$/.test(v)) return null;
      const n = BigInt(v);
      return n === BigInt.asIntN(64, n) ? n : null;
    }
  }
  if (v === null) return null;
  throw new RuleRuntimeError(`Int: unsupported type ${typeName(v)}`);
}

/** Go's strconv.ParseFloat syntax, decimal and special values. */
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** OTTL's Double: ints convert, strings parse (or give nil), bools are 1 or 0. */
function toDouble(v: Value): Value {
  switch (typeof v) {
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'boolean': return v ? 1 : 0;
    case 'string':
      if (!FLOAT.test(v)) return null;
      return /inf/i.test(v) ? (v.startsWith('-') ? -Infinity : Infinity) : /nan/i.test(v) ? NaN : Number(v);
  }
  if (v === null) return null;
  throw new RuleRuntimeError(`Double: unsupported type ${typeName(v)}`);
}

/**
 * Substring by UTF-8 byte offsets, as Go slices a string; a cut inside a character is an error
 * here, as a string cannot hold half of one. With utf8_safe, offsets count characters.
 */
function substring(s: string, start: bigint, length: bigint, runes: boolean): string {
  if (start < 0n) throw new RuleRuntimeError(`invalid start for substring function, ${start} cannot be negative`);
  if (length <= 0n) throw new RuleRuntimeError(`invalid length for substring function, ${length} cannot be negative or zero`);
  const ascii = /^[\x00-\x7f]*$/.test(s);
  const size = BigInt(ascii ? s.length : runes ? [...s].length : utf8Length(s));
  if (start > size || length > size - start) {
    throw new RuleRuntimeError(`invalid range for substring function, start(${start})+length(${length}) cannot be greater than the length of target string(${size})`);
  }
  const [from, to] = [Number(start), Number(start + length)];
  if (ascii) return s.slice(from, to);
  if (runes) return [...s].slice(from, to).join('');
  const a = unitAtByte(s, from);
  const b = unitAtByte(s, to);
  if (a < 0 || b < 0) throw new RuleRuntimeError('Substring would cut a character in two: use utf8_safe = true');
  return s.slice(a, b);
}

/** The UTF-16 index at UTF-8 byte offset `byte`, or -1 inside a character. */
function unitAtByte(s: string, byte: number): number {
  let bytes = 0;
  for (let i = 0; i <= s.length; i++) {
    if (bytes === byte) return i;
    if (bytes > byte || i === s.length) return -1;
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return -1;
}
