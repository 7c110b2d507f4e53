/**
 * An OTTL regular expression (Go's RE2 syntax) as a JavaScript RegExp, checked once when the
 * rules compile. RE2 runs in linear time; a JavaScript RegExp backtracks and cannot be stopped,
 * and these patterns run on strings a page chose. So a pattern is refused unless the project's
 * backtracking check passes it (src/pattern-safety.ts), as redaction patterns are; what passes
 * is at worst quadratic in a string's length, and the rules' time budget covers that.
 *
 * Translated: leading flags `(?i)`, `(?s)`, `(?m)` (and together, `(?is)`), `(?P<name>…)`,
 * `\A` and `\z` (without `m`), `\Q…\E`, and POSIX classes such as `[[:alpha:]]`. Refused: other
 * inline flags, Unicode classes (`\pL`), and what the check refuses. RE2 has no lookarounds or
 * backreferences, so refusing them loses nothing.
 */
import { backtrackingProblem } from '../pattern-safety';

/** Patterns at most this long: the check and the budget assume short ones. */
export const MAX_REGEX_LENGTH = 500;

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** A RegExp for `pattern`, or the reason it is refused. `global` for replacing every match. */
export function compileGoRegex(pattern: string, global: boolean): RegExp | string {
  if (pattern.length > MAX_REGEX_LENGTH) return `the pattern is longer than ${MAX_REGEX_LENGTH} characters`;
  let flags = global ? 'g' : '';
  let source = pattern;
  const lead = /^\(\?([ims]+)\)/.exec(source);
  if (lead) {
    for (const f of new Set(lead[1])) flags += f;
    source = source.slice(lead[0].length);
  }
  let translated: string;
  try {
    translated = translate(source, flags.includes('m'));
  } catch (error) {
    return (error as Error).message;
  }
  try {
    new RegExp(translated, flags);
  } catch (error) {
    return `error parsing regexp: ${(error as Error).message}`;
  }
  const slow = backtrackingProblem(translated);
  if (slow) return `${slow}; Spanlight runs only patterns it can prove fast`;
  return new RegExp(translated, flags);
}

function translate(source: string, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) throw new Error('error parsing regexp: trailing backslash at end of expression');
      i++;
      if (e === 'Q') {
        const end = source.indexOf('\\E', i + 1);
        const literal = source.slice(i + 1, end < 0 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? source.length : end + 1;
      } else if ((e === 'A' || e === 'z') && !inClass) {
        if (multiline) throw new Error(`\\${e} with the m flag is not supported`);
        out += e === 'A' ? '^' : '$';
      } else if (e === 'p' || e === 'P') throw new Error('Unicode classes (\\p) are not supported');
      else out += c + e;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      if (posix) {
        if (posix[1] || !(posix[2]! in POSIX)) throw new Error(`the class [:${posix[1]}${posix[2]}:] is not supported`);
        out += POSIX[posix[2]!];
        i += posix[0].length - 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` first in a class is a literal in RE2; JavaScript would close the class.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      if (source[i + 2] === 'P' && source[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      if (source[i + 2] !== ':' && source[i + 2] !== '<') throw new Error('inline flags are supported only at the start of a pattern');
    }
    out += c;
  }
  return out;
}

/**
 * For a yes-or-no search (IsMatch, the *_matching_keys editors): a pattern that opens or closes
 * with `.*` unanchored finds the same strings without it. Dropping it spares the quadratic scan,
 * and lets the common `.*word.*` pass the backtracking check.
 */
export function trimForSearch(pattern: string): string {
  let p = pattern;
  p = p.replace(/^\.\*\??(?=.)/, '');
  const tail = /\.\*\??$/.exec(p);
  // Not an escaped `\.*`, and not the whole pattern.
  if (tail && p.length > tail[0].length && !/(^|[^\\])(\\\\)*\\$/.test(p.slice(0, tail.index))) p = p.slice(0, tail.index);
  return p;
}
