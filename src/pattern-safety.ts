/**
 * Refuses a user redaction pattern that a backtracking engine could take exponential or
 * high-polynomial time on. A JavaScript regular expression cannot be interrupted, and the
 * patterns run on strings a page chooses, so the check is conservative: it refuses
 * - backreferences and lookarounds;
 * - a repeated group holding a quantifier or an alternation (`(a+)+`, `(a|ab)*`): star height
 *   above one, the exponential case;
 * - two variable quantifiers whose characters overlap with nothing between them that only one
 *   side could match (`\d+\d*`, `.*=.*`, `a?a?`): the input can be split between them in many ways.
 * What passes is at worst quadratic in the length of a string (a quantifier tried from each
 * start position), and the budget in pattern-budget.ts covers that.
 */

/** Code point ranges [from, to], inclusive. */
type CharSet = [number, number][];

interface Item {
  /** What the item can match, one character at a time. */
  chars: CharSet;
  /** It can match inputs of different lengths (a variable quantifier, or holds one). */
  variable: boolean;
  /** It must match at least one character. */
  mandatory: boolean;
}

const MAX = 0x10ffff;
const DIGIT: CharSet = [[0x30, 0x39]];
const WORD: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: CharSet = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const LINE_ENDS: CharSet = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

/** A group as its parent sees it. */
interface Group {
  /** The whole group as one item. */
  item: Item;
  alternation: boolean;
  /** It holds a variable quantifier. */
  quantified: boolean;
  /** Its items, when it has one branch (a group without quantifier is then its items in sequence). */
  items?: Item[];
}

class Refused extends Error {}

/** Why `pattern` (already a valid RegExp source) may backtrack catastrophically, or undefined. */
export function backtrackingProblem(pattern: string): string | undefined {
  try {
    new PatternReader(pattern).read();
    return undefined;
  } catch (error) {
    // Whatever this reader cannot follow is refused too: settings are read on every start.
    return error instanceof Refused ? error.message : 'it could not be checked for backtracking';
  }
}

class PatternReader {
  private at = 0;
  constructor(private readonly source: string) {}

  read(): void {
    this.alternatives();
    if (this.at < this.source.length) throw new Refused('it holds a `)` this check does not know');
  }

  /** Reads alternatives up to `)` or the end; returns them as one item. */
  private alternatives(): Group {
    const branches: Item[][] = [];
    for (;;) {
      branches.push(this.sequence());
      if (this.source[this.at] !== '|') break;
      this.at++;
    }
    for (const branch of branches) checkSequence(branch);
    const items = branches.flat();
    return {
      item: {
        chars: items.reduce<CharSet>((set, item) => union(set, item.chars), []),
        variable: branches.length > 1 || items.some((item) => item.variable),
        mandatory: branches.every((branch) => branch.some((item) => item.mandatory)),
      },
      alternation: branches.length > 1,
      quantified: items.some((item) => item.variable),
      items: branches.length > 1 ? undefined : branches[0],
    };
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.atom();
      const quantifier = this.quantifier();
      if (!atom) continue; // an assertion: matches no character
      if (!quantifier) {
        items.push(...atom.flat);
        continue;
      }
      const { min, max } = quantifier;
      if (max > 1 && atom.group && (atom.group.alternation || atom.group.quantified)) {
        throw new Refused('a repeated group holds a quantifier or an alternation, which can take exponential time');
      }
      items.push({ chars: atom.item.chars, variable: max > min || atom.item.variable, mandatory: min > 0 && atom.item.mandatory });
    }
    return items;
  }

  /** One atom: its item, and the items a group without quantifier adds to the sequence. */
  private atom(): { item: Item; flat: Item[]; group?: Group } | undefined {
    const c = this.source[this.at++]!;
    if (c === '^' || c === '$') return undefined;
    if (c === '(') {
      if (this.source.startsWith('?=', this.at) || this.source.startsWith('?!', this.at) || this.source.startsWith('?<=', this.at) || this.source.startsWith('?<!', this.at)) {
        throw new Refused('lookarounds are not allowed');
      }
      if (this.source[this.at] === '?') {
        // (?:…), (?<name>…) and modifier groups: what they hold is all that matters here.
        const close = this.source[this.at + 1] === '<' ? this.source.indexOf('>', this.at) : this.source.indexOf(':', this.at);
        if (close < 0) throw new Refused('it holds a group this check does not know');
        this.at = close + 1;
      }
      const group = this.alternatives();
      this.at++; // ')'
      // Without a quantifier, a group of one branch is its items in sequence; otherwise one item.
      return { item: group.item, flat: group.items ?? [group.item], group };
    }
    if (c === '[') return single(this.charClass());
    if (c === '.') return single(complement(LINE_ENDS));
    if (c === '\\') {
      const set = this.escape(false);
      return set ? single(set) : undefined;
    }
    return single(literal(c.codePointAt(0)!));
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.source[this.at];
    let bounds: { min: number; max: number } | undefined;
    if (c === '*') bounds = { min: 0, max: Infinity };
    else if (c === '+') bounds = { min: 1, max: Infinity };
    else if (c === '?') bounds = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at, this.at + 24));
      if (!m) return undefined; // a literal `{` (Annex B)
      const min = Number(m[1]);
      bounds = { min, max: m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity };
      this.at += m[0].length - 1;
    }
    if (!bounds) return undefined;
    this.at++;
    if (this.source[this.at] === '?') this.at++; // lazy: the same paths, another order
    return bounds;
  }

  /** The set of an escape after its backslash; undefined for an assertion (\b, \B). */
  private escape(inClass: boolean): CharSet | undefined {
    const c = this.source[this.at++]!;
    if (/[1-9]/.test(c) || (c === 'k' && this.source[this.at] === '<')) throw new Refused('backreferences are not allowed');
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return complement(DIGIT);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'b': return inClass ? literal(8) : undefined;
      case 'B': return undefined;
      case 'n': return literal(0x0a);
      case 'r': return literal(0x0d);
      case 't': return literal(0x09);
      case 'v': return literal(0x0b);
      case 'f': return literal(0x0c);
      case '0': return literal(0);
      case 'c': return this.source[this.at] && /[a-z]/i.test(this.source[this.at]!) ? literal(this.source.charCodeAt(this.at++) % 32) : literal(0x5c);
      case 'x':
      case 'u': {
        const digits = c === 'x' ? 2 : 4;
        const hex = this.source.slice(this.at, this.at + digits);
        if (new RegExp(`^[0-9a-f]{${digits}}$`, 'i').test(hex)) {
          this.at += digits;
          return literal(parseInt(hex, 16));
        }
        return literal(c.charCodeAt(0));
      }
      default:
        return literal(c.codePointAt(0)!);
    }
  }

  /** A `[…]` class after its `[`. */
  private charClass(): CharSet {
    const negated = this.source[this.at] === '^';
    if (negated) this.at++;
    let set: CharSet = [];
    const one = (): CharSet => {
      const c = this.source[this.at++]!;
      return c === '\\' ? this.escape(true)! : literal(c.codePointAt(0)!);
    };
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      const from = one();
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']' && from.length === 1 && from[0]![0] === from[0]![1]) {
        this.at++;
        const to = one();
        set = union(set, to.length === 1 && to[0]![0] === to[0]![1] ? [[from[0]![0], to[0]![0]]] : union(from, union(literal(0x2d), to)));
      } else set = union(set, from);
    }
    this.at++; // ']'
    set = withOtherCase(set);
    return negated ? complement(set) : set;
  }
}

function single(chars: CharSet): { item: Item; flat: Item[] } {
  const item = { chars, variable: false, mandatory: true };
  return { item, flat: [item] };
}

/**
 * Refuses two variable items whose characters overlap when every mandatory item between them
 * could match one of those characters too: then the run between them can be split many ways.
 */
function checkSequence(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    if (!items[i]!.variable) continue;
    for (let j = i + 1; j < items.length; j++) {
      const shared = intersect(items[i]!.chars, items[j]!.chars);
      const separated = items.slice(i + 1, j).some((item) => item.mandatory && !intersect(item.chars, shared).length);
      if (separated) break;
      if (items[j]!.variable && shared.length) {
        throw new Refused('two quantifiers can match the same characters one after the other, which can take polynomial time');
      }
    }
  }
}

/** A character, and its other case: patterns are case-insensitive. */
function literal(code: number): CharSet {
  const c = String.fromCodePoint(code);
  const codes = new Set([code, c.toLowerCase().codePointAt(0)!, c.toUpperCase().codePointAt(0)!]);
  return [...codes].sort((a, b) => a - b).map((x) => [x, x]);
}

/** `set` with the other case of its ASCII letters (patterns are case-insensitive). */
function withOtherCase(set: CharSet): CharSet {
  const shifted = (from: number, to: number, by: number): CharSet => intersect(set, [[from, to]]).map(([f, t]) => [f + by, t + by]);
  return union(set, union(shifted(0x41, 0x5a, 0x20), shifted(0x61, 0x7a, -0x20)));
}

function union(a: CharSet, b: CharSet): CharSet {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: CharSet = [];
  for (const [from, to] of all) {
    const last = out.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function intersect(a: CharSet, b: CharSet): CharSet {
  const out: CharSet = [];
  for (const [af, at] of a) for (const [bf, bt] of b) if (Math.max(af, bf) <= Math.min(at, bt)) out.push([Math.max(af, bf), Math.min(at, bt)]);
  return out;
}

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [from, to] of union(set, [])) {
    if (from > next) out.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}
