/**
 * Glob patterns for replace_match and replace_all_matches, as the Collector matches them
 * (github.com/gobwas/glob, without separators): `*` any run of characters, `?` one character,
 * `[abc]`, `[a-z]`, `[!abc]`, `{one,two}` alternatives, `\` to escape. The whole string must
 * match. Matching keeps to the last `*` it passed instead of trying every split, so it takes at
 * most (string length × pattern length) steps; alternatives are expanded into at most
 * MAX_ALTERNATIVES patterns when the rules compile.
 */

type Atom = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; c: string } | { kind: 'set'; negated: boolean; ranges: [string, string][] };

export const MAX_ALTERNATIVES = 64;

/** A matcher for `pattern`, or the reason it is refused. */
/** The longest glob pattern a rule may give. */
export const MAX_GLOB_LENGTH = 256;

export function compileGlob(pattern: string): ((text: string) => boolean) | string {
  // A match costs the text's length times the pattern's: page strings run to 16 KB, so a long
  // pattern could hold a batch far past its time budget in one call.
  if (pattern.length > MAX_GLOB_LENGTH) return `a glob pattern is at most ${MAX_GLOB_LENGTH} characters (this one has ${pattern.length})`;
  let expanded: string[][];
  try {
    expanded = expand([...pattern], 0, false).map((r) => r.parts);
  } catch (error) {
    return (error as Error).message;
  }
  const programs: Atom[][] = [];
  for (const chars of expanded) {
    const atoms = readAtoms(chars);
    if (typeof atoms === 'string') return atoms;
    programs.push(atoms);
  }
  return (text) => {
    const chars = [...text];
    return programs.some((p) => matches(p, chars));
  };
}

/** Expands `{a,b}` from `at`; inside braces, stops at `,` or `}` and says where. */
function expand(chars: string[], at: number, inside: boolean): { parts: string[]; end: number }[] {
  let results: { parts: string[]; end: number }[] = [{ parts: [], end: at }];
  let i = at;
  while (i < chars.length) {
    const c = chars[i]!;
    if (inside && (c === ',' || c === '}')) break;
    if (c === '\\') {
      const pair = chars.slice(i, i + 2);
      results = results.map((r) => ({ parts: [...r.parts, ...pair], end: r.end }));
      i += 2;
      continue;
    }
    if (c === '{') {
      const options: string[][] = [];
      let j = i + 1;
      for (;;) {
        const inner = expand(chars, j, true);
        for (const o of inner) options.push(o.parts);
        j = inner[0]!.end;
        if (chars[j] === '}') break;
        if (chars[j] !== ',') throw new Error('a { is not closed');
        j++;
      }
      results = results.flatMap((r) => options.map((o) => ({ parts: [...r.parts, ...o], end: r.end })));
      if (results.length > MAX_ALTERNATIVES) throw new Error(`more than ${MAX_ALTERNATIVES} alternatives`);
      i = j + 1;
      continue;
    }
    results = results.map((r) => ({ parts: [...r.parts, c], end: r.end }));
    i++;
  }
  return results.map((r) => ({ parts: r.parts, end: i }));
}

function readAtoms(chars: string[]): Atom[] | string {
  const atoms: Atom[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (atoms.at(-1)?.kind !== 'star') atoms.push({ kind: 'star' });
    } else if (c === '?') atoms.push({ kind: 'any' });
    else if (c === '\\') {
      if (i + 1 >= chars.length) return 'the pattern ends with an unfinished escape';
      atoms.push({ kind: 'char', c: chars[++i]! });
    } else if (c === '[') {
      const negated = chars[i + 1] === '!';
      let j = negated ? i + 2 : i + 1;
      const ranges: [string, string][] = [];
      while (j < chars.length && chars[j] !== ']') {
        const from = chars[j] === '\\' ? chars[++j]! : chars[j]!;
        if (chars[j + 1] === '-' && chars[j + 2] !== undefined && chars[j + 2] !== ']') {
          ranges.push([from, chars[j + 2]!]);
          j += 3;
        } else {
          ranges.push([from, from]);
          j++;
        }
      }
      if (j >= chars.length) return 'a [ is not closed';
      atoms.push({ kind: 'set', negated, ranges });
      i = j;
    } else atoms.push({ kind: 'char', c });
  }
  return atoms;
}

function one(atom: Atom, c: string): boolean {
  switch (atom.kind) {
    case 'any': return true;
    case 'char': return atom.c === c;
    case 'set': {
      const cp = c.codePointAt(0)!;
      const inSet = atom.ranges.some(([f, t]) => cp >= f.codePointAt(0)! && cp <= t.codePointAt(0)!);
      return inSet !== atom.negated;
    }
    case 'star': return false;
  }
}

/** Whole-string match, falling back only to the last star (linear in each of its two loops). */
function matches(atoms: Atom[], chars: string[]): boolean {
  let a = 0;
  let c = 0;
  let starAt = -1;
  let starFrom = 0;
  while (c < chars.length) {
    const atom = atoms[a];
    if (atom?.kind === 'star') {
      starAt = a++;
      starFrom = c;
    } else if (atom && one(atom, chars[c]!)) {
      a++;
      c++;
    } else if (starAt >= 0) {
      a = starAt + 1;
      c = ++starFrom;
    } else return false;
  }
  while (atoms[a]?.kind === 'star') a++;
  return a === atoms.length;
}
