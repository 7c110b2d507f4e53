/**
 * The editors: the functions a transform statement runs to change a span (pkg/ottl/ottlfuncs).
 * Each goes once over the map it edits, so a statement's time is linear in the span's size.
 */
import type { Args, Param } from './arguments';
import { compileGlob } from './glob';
import { compileGoRegex, trimForSearch } from './go-regex';
import { canMatchEmpty, readTemplate, replaceAll, type Replacement } from './replacement';
import { RuleRuntimeError, RuleSyntaxError } from './rule-error';
import { putAttribute, type SpanContext } from './span-context';
import type { MapTarget } from './span-paths';
import { SPAN_LIMITS, type Attributes, type AttributeValue } from '../protocol/span';
import { expectString } from './value';

export type Edit = (ctx: SpanContext) => void;

export interface Editor {
  params: readonly Param[];
  build(args: Args, at: number): Edit;
}

const REPLACE_OPTIONS: Param[] = [{ name: 'function', optional: true }, { name: 'replacement_format', optional: true }];

function regex(args: Args, i: number, fn: string, global: boolean, search = false): RegExp {
  const source = args.literalString(i);
  const compiled = compileGoRegex(search ? trimForSearch(source) : source, global);
  if (typeof compiled === 'string') throw new RuleSyntaxError(`${fn}: ${compiled}`, args.at(i));
  return compiled;
}

/** Deletes the keys of a map that `drop` says to, in one pass; copies the span only if one goes. */
function deleteWhere(target: Required<MapTarget>, drop: (key: string, ctx: SpanContext) => boolean): Edit {
  return (c) => {
    const read = target.read(c);
    let doomed: string[] | undefined;
    for (const key of Object.keys(read)) {
      c.tick?.();
      if (drop(key, c)) (doomed ??= []).push(key);
    }
    if (doomed) target.remove(c, doomed);
  };
}

/**
 * What a match is replaced with: the template expanded, then passed through `function`
 * (SHA256, say) and `replacement_format` (one %s), when they are given.
 */
function replacer(args: Args, fn: string, first: number, expand = true): (ctx: SpanContext) => Replacement {
  const replacement = args.getter(first);
  const apply = args.has(first + 1) ? args.function(first + 1) : undefined;
  let format: [string, string] | undefined;
  if (args.has(first + 2)) {
    const text = args.literalString(first + 2);
    const parts = text.split('%s');
    if (parts.length !== 2 || /%[^%]/.test(parts.join('').replace(/%%/g, ''))) throw new RuleSyntaxError(`${fn}: replacement_format must hold one %s`, args.at(first + 2));
    format = [parts[0]!.replace(/%%/g, '%'), parts[1]!.replace(/%%/g, '%')];
  }
  const finish = (expanded: string): string => {
    let out = expanded;
    if (apply) {
      const v = apply(out);
      if (typeof v !== 'string') throw new RuleRuntimeError(`${fn}: the function must give a string but gave ${v === null ? 'nil' : typeof v}`);
      out = v;
    }
    return format ? format[0] + out + format[1] : out;
  };
  let lastText: string | undefined;
  let last: Replacement | undefined;
  return (c) => {
    const text = expectString(replacement(c), `${fn} replacement`);
    // The replacement is nearly always a literal: read its template once.
    if (text !== lastText) {
      // Glob replacements have no groups: the text is taken as it is.
      const template = expand ? readTemplate(text) : { literal: text, expand: () => text };
      lastText = text;
      last = template.literal !== undefined ? { constant: finish(template.literal), each: () => '' } : { each: (m) => finish(template.expand(m)) };
      if (last.constant !== undefined) last.each = () => last!.constant!;
    }
    return last!;
  };
}

const cap = (s: string) => s.slice(0, SPAN_LIMITS.string);

export const EDITORS: Readonly<Record<string, Editor>> = {
  set: {
    params: [{ name: 'target' }, { name: 'value' }],
    build(a) {
      const target = a.settable(0);
      const value = a.getter(1);
      return (c) => {
        const v = value(c);
        if (v !== null) target.set(c, v);
      };
    },
  },
  delete_key: {
    params: [{ name: 'target' }, { name: 'key' }],
    build(a) {
      const target = a.map(0);
      const key = a.getter(1);
      return (c) => {
        const k = expectString(key(c), 'delete_key key');
        if (Object.hasOwn(target.read(c), k)) target.remove(c, [k]);
      };
    },
  },
  delete_matching_keys: {
    params: [{ name: 'target' }, { name: 'pattern' }],
    build(a) {
      const pattern = regex(a, 1, 'delete_matching_keys', false, true);
      return deleteWhere(a.map(0), (key) => pattern.test(key));
    },
  },
  keep_keys: {
    params: [{ name: 'target' }, { name: 'keys' }],
    build(a) {
      const keep = new Set(a.literalStrings(1));
      return deleteWhere(a.map(0), (key) => !keep.has(key));
    },
  },
  keep_matching_keys: {
    params: [{ name: 'target' }, { name: 'pattern' }],
    build(a) {
      const pattern = regex(a, 1, 'keep_matching_keys', false, true);
      return deleteWhere(a.map(0), (key) => !pattern.test(key));
    },
  },
  replace_pattern: {
    params: [{ name: 'target' }, { name: 'regex' }, { name: 'replacement' }, ...REPLACE_OPTIONS],
    build(a) {
      const target = a.settable(0);
      const pattern = regex(a, 1, 'replace_pattern', true);
      const replace = replacer(a, 'replace_pattern', 2);
      const empty = canMatchEmpty(pattern);
      return (c) => {
        const v = target.get(c);
        if (typeof v !== 'string') return;
        const out = replaceAll(v, pattern, replace(c), empty);
        if (out !== v) target.set(c, out);
      };
    },
  },
  replace_all_patterns: {
    params: [{ name: 'target' }, { name: 'mode' }, { name: 'regex' }, { name: 'replacement' }, ...REPLACE_OPTIONS],
    build(a) {
      const target = a.map(0);
      const mode = a.literalString(1);
      if (mode !== 'key' && mode !== 'value') throw new RuleSyntaxError(`replace_all_patterns: invalid mode ${JSON.stringify(mode)}, must be "key" or "value"`, a.at(1));
      const pattern = regex(a, 2, 'replace_all_patterns', true);
      const replace = replacer(a, 'replace_all_patterns', 3);
      const empty = canMatchEmpty(pattern);
      return (c) => {
        const read = target.read(c);
        const each = replace(c);
        if (mode === 'value') {
          let map: Attributes | undefined;
          for (const key of Object.keys(read)) {
            c.tick?.();
            const v = read[key];
            if (typeof v !== 'string') continue;
            const out = replaceAll(v, pattern, each, empty);
            if (out !== v) putAttribute((map ??= target.write(c)), key, cap(out));
          }
          return;
        }
        const keys = Object.keys(read);
        const renamed = keys.map((key) => {
          c.tick?.();
          return replaceAll(key, pattern, each, empty);
        });
        if (renamed.every((k, i) => k === keys[i])) return;
        const entries = keys.map((key) => read[key] as AttributeValue);
        target.remove(c, keys);
        const map = target.write(c);
        // A key renamed onto another takes its place, the later one winning.
        renamed.forEach((key, i) => putAttribute(map, key, entries[i]!));
      };
    },
  },
  replace_match: {
    params: [{ name: 'target' }, { name: 'pattern' }, { name: 'replacement' }, ...REPLACE_OPTIONS],
    build(a) {
      const target = a.settable(0);
      const glob = compileGlob(a.literalString(1));
      if (typeof glob === 'string') throw new RuleSyntaxError(`replace_match: ${glob}`, a.at(1));
      const replace = replacer(a, 'replace_match', 2, false);
      return (c) => {
        const v = target.get(c);
        if (typeof v === 'string' && glob(v)) target.set(c, replace(c).each(null!));
      };
    },
  },
  replace_all_matches: {
    params: [{ name: 'target' }, { name: 'pattern' }, { name: 'replacement' }, ...REPLACE_OPTIONS],
    build(a) {
      const target = a.map(0);
      const glob = compileGlob(a.literalString(1));
      if (typeof glob === 'string') throw new RuleSyntaxError(`replace_all_matches: ${glob}`, a.at(1));
      const replace = replacer(a, 'replace_all_matches', 2, false);
      return (c) => {
        const read = target.read(c);
        let out: string | undefined;
        for (const key of Object.keys(read)) {
          c.tick?.();
          const v = read[key];
          if (typeof v === 'string' && glob(v)) putAttribute(target.write(c), key, cap((out ??= replace(c).each(null!))));
        }
      };
    },
  },
  truncate_all: {
    params: [{ name: 'target' }, { name: 'limit' }],
    build(a, at) {
      const target = a.map(0);
      const limit = a.literalInt(1);
      if (limit < 0n) throw new RuleSyntaxError(`truncate_all: invalid limit for truncate_all function, ${limit} cannot be negative`, at);
      const n = Number(limit);
      return (c) => {
        const read = target.read(c);
        for (const key of Object.keys(read)) {
          c.tick?.();
          const v = read[key];
          // A string of n UTF-16 units has at least n UTF-8 bytes: shorter ones need no look.
          if (typeof v === 'string' && v.length > n / 3) {
            const cut = truncateUtf8(v, n);
            if (cut !== v) putAttribute(target.write(c), key, cut);
          }
        }
      };
    },
  },
  limit: {
    params: [{ name: 'target' }, { name: 'limit' }, { name: 'priority_keys' }],
    build(a, at) {
      const target = a.map(0);
      const limit = a.literalInt(1);
      const priority = new Set(a.literalStrings(2));
      if (limit < 0n) throw new RuleSyntaxError(`limit: invalid limit for limit function, ${limit} cannot be negative`, at);
      if (BigInt(priority.size) > limit) throw new RuleSyntaxError(`limit: number of priority keys (${priority.size}) cannot be greater than the limit (${limit})`, at);
      const n = Number(limit);
      return (c) => {
        const keys = Object.keys(target.read(c));
        if (keys.length <= n) return;
        let kept = keys.filter((k) => priority.has(k)).length;
        const doomed: string[] = [];
        // Keys are kept in their order after the priority keys, as pdata's RemoveIf visits them.
        for (const key of keys) {
          if (priority.has(key)) continue;
          if (kept < n) kept++;
          else doomed.push(key);
        }
        target.remove(c, doomed);
      };
    },
  },
};

/** `s` cut to at most `limit` UTF-8 bytes, at a character boundary. */
function truncateUtf8(s: string, limit: number): string {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < s.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > limit) return s.slice(0, i);
    bytes += size;
    if (pair) i++;
  }
  return s;
}

