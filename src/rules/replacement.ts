/**
 * Replacement strings with capture groups, read as Go's regexp.Expand does (OTTL's
 * replace_pattern and replace_all_patterns): `$1`, `${1}`, `$name`, `${name}`, `$$` for a `$`.
 * A name is the longest run of letters, digits and `_`, so `$1x` is the group named `1x` (empty
 * if there is none), not group 1 and an x; a group out of range is empty; a `$` that starts no
 * name is kept as it is.
 */

type Part = string | number | { name: string };

/** A replacement template, read once. */
export interface Template {
  /** The replacement for one match (`m` as RegExp.exec gives it). */
  expand(m: RegExpExecArray): string;
  /** No `$` reference: the text itself. */
  literal?: string;
}

/** Reads `template` into a Template. */
export function readTemplate(template: string): Template {
  const parts: Part[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '$') {
      text += c;
      continue;
    }
    if (template[i + 1] === '$') {
      text += '$';
      i++;
      continue;
    }
    const braced = template[i + 1] === '{';
    const m = (braced ? /^\{([A-Za-z0-9_]+)\}/ : /^[A-Za-z0-9_]+/).exec(template.slice(i + 1));
    if (!m) {
      text += '$';
      continue;
    }
    const name = braced ? m[1]! : m[0];
    if (text) parts.push(text);
    text = '';
    parts.push(/^\d+$/.test(name) ? Number(name) : { name });
    i += m[0].length;
  }
  if (text) parts.push(text);
  if (parts.every((p) => typeof p === 'string')) {
    const literal = parts.join('');
    return { literal, expand: () => literal };
  }
  return {
    expand(m) {
      let out = '';
      for (const p of parts) {
        if (typeof p === 'string') out += p;
        else if (typeof p === 'number') out += (p < m.length ? m[p] : undefined) ?? '';
        else out += m.groups?.[p.name] ?? '';
      }
      return out;
    },
  };
}

/** What one match is replaced with: always `constant` when it is set. */
export interface Replacement {
  constant?: string;
  each(m: RegExpExecArray): string;
}

/**
 * Whether `pattern` may match an empty string somewhere. Only then do Go and JavaScript differ
 * (Go skips an empty match right after a match: `b*` in "abc" gives "-a-c-", JavaScript's
 * "-a--c-"); any other pattern can take the engine's own replace, which is much faster.
 */
export function canMatchEmpty(pattern: RegExp): boolean {
  return new RegExp(pattern.source, pattern.flags.replace('g', '')).test('') || /\\[bB]/.test(pattern.source);
}

/**
 * `text` with every match of `pattern` (a global RegExp) replaced, as Go's ReplaceAllString.
 * `empty`: the pattern may match empty strings (canMatchEmpty).
 */
export function replaceAll(text: string, pattern: RegExp, replacement: Replacement, empty: boolean): string {
  if (!empty) {
    const { constant } = replacement;
    if (constant !== undefined) return text.replace(pattern, constant.includes('$') ? constant.replace(/\$/g, '$$$$') : constant);
    return text.replace(pattern, (...args: unknown[]) => {
      const named = typeof args.at(-1) === 'object';
      const m = args.slice(0, named ? -3 : -2) as unknown as RegExpExecArray;
      if (named) m.groups = args.at(-1) as Record<string, string>;
      return replacement.each(m);
    });
  }
  return replaceSlowly(text, pattern, (m) => replacement.constant ?? replacement.each(m));
}

function replaceSlowly(text: string, pattern: RegExp, replace: (m: RegExpExecArray) => string): string {
  pattern.lastIndex = 0;
  let out = '';
  let from = 0;
  let lastEnd = -1;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0].length === 0) {
      pattern.lastIndex = m.index + 1;
      // Go does not take an empty match right where the previous match ended.
      if (m.index === lastEnd) continue;
    }
    out += text.slice(from, m.index) + replace(m);
    from = end;
    lastEnd = end;
    if (m.index >= text.length) break;
  }
  return from === 0 && lastEnd < 0 ? text : out + text.slice(from);
}
