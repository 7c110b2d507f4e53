/**
 * The tokens of an OTTL statement, as the Collector's lexer reads them (pkg/ottl/grammar.go,
 * buildLexer): the rules are tried in the same order, so `-1` is one number token and `0x1f`
 * bytes. Names are read whole (`IsMatch`, `delete_key`); the Collector reads them as runs of
 * upper- and lowercase tokens, which only differs for names with whitespace inside.
 */
import { RuleSyntaxError } from './rule-error';

export type TokenKind =
  | 'bytes' | 'float' | 'int' | 'string' | 'name' | 'op' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text (for a string, with its quotes and escapes). */
  text: string;
  /** Offset of its first character in the statement. */
  at: number;
}

const RULES: [TokenKind, RegExp][] = [
  ['bytes', /0x[a-fA-F0-9]+/y],
  ['float', /[-+]?\d*\.\d+(?:[eE][-+]?\d+)?/y],
  ['int', /[-+]?\d+/y],
  // Linear: each step takes an escape pair or one other character, and the two cannot overlap.
  ['string', /"(?:\\.|[^\\"])*"/sy],
  ['op', /==|!=|>=|<=|[<>+\-*/=]/y],
  ['punct', /[(){}:,.[\]]/y],
  ['name', /[A-Za-z][A-Za-z0-9_]*/y],
];
const SPACE = /\s+/y;

/** Reads `source` into tokens, ending with an `end` token; throws RuleSyntaxError on a character no rule reads. */
export function readTokens(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  outer: while (at < source.length) {
    SPACE.lastIndex = at;
    if (SPACE.test(source)) {
      at = SPACE.lastIndex;
      continue;
    }
    for (const [kind, pattern] of RULES) {
      pattern.lastIndex = at;
      const m = pattern.exec(source);
      if (!m) continue;
      tokens.push({ kind, text: m[0], at });
      at += m[0].length;
      continue outer;
    }
    const c = source[at]!;
    throw new RuleSyntaxError(c === '"' ? 'a string is not closed' : `unexpected character ${JSON.stringify(c)}`, at);
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

/**
 * The value of a string token, unquoted as Go's strconv.Unquote does (the Collector's parser
 * unquotes with it): \a \b \f \n \r \t \v \\ \", \xHH, \ooo, \uHHHH, \UHHHHHHHH. A newline inside
 * the quotes, or any other escape, is an error there too.
 */
export function unquote(token: Token): string {
  const body = token.text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n') throw new RuleSyntaxError('a string cannot hold a line break (write \\n)', token.at + 1 + i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i]!;
    const fail = () => new RuleSyntaxError(`invalid escape \\${e} in a string`, token.at + i);
    if (e in SIMPLE) out += SIMPLE[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw fail();
      const code = parseInt(hex, 16);
      if (e !== 'x' && (code > 0x10ffff || (code >= 0xd800 && code < 0xe000))) throw fail();
      // \xHH is a byte in Go; a string here holds characters, so a byte above 0x7f is refused.
      if (e === 'x' && code > 0x7f) throw new RuleSyntaxError(`\\x${hex} is not a whole character: write \\u00${hex.toLowerCase()}`, token.at + i);
      out += String.fromCodePoint(code);
      i += digits;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 0x7f) throw fail();
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw fail();
  }
  return out;
}
