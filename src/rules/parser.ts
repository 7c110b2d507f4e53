/**
 * Reads OTTL statements and conditions into nodes (ast.ts), following the Collector's grammar
 * (pkg/ottl/grammar.go): `editor(args) where condition`, conditions of `or`, `and`, `not`,
 * comparisons and converters, values of literals, paths, enums, converters, lists, maps and
 * arithmetic. One precedence parser reads conditions and values alike, without backtracking, so
 * its time is linear in the statement; the compiler then refuses what the grammar has no place
 * for (a path where a condition goes, a comparison inside arithmetic).
 */
import type { Argument, CompareOp, Field, Key, MathOp, Node, Statement } from './ast';
import { readTokens, unquote, type Token } from './lexer';
import { RuleSyntaxError } from './rule-error';

const KEYWORDS = new Set(['true', 'false', 'nil', 'not', 'and', 'or', 'where']);
const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Nesting deeper than this is refused: the parser recurses once a level. */
const MAX_DEPTH = 64;

/** Parses a transform statement. Throws RuleSyntaxError. */
export function parseStatement(source: string): Statement {
  const p = new Parser(source);
  const editor = p.value();
  if (editor.type !== 'call') throw new RuleSyntaxError('a statement starts with an editor, such as set(…) or delete_key(…)', editor.at);
  if (/^[A-Z]/.test(editor.name)) throw new RuleSyntaxError(`editor names must start with a lowercase letter but got '${editor.name}'`, editor.at);
  if (editor.keys.length) throw new RuleSyntaxError(`only paths and converters may be indexed, not editors, but got ${editor.name}`, editor.keys[0]!.at);
  let where: Node | undefined;
  if (p.peekWord('where')) {
    p.next();
    where = p.condition();
  }
  p.expectEnd();
  return { editor, where };
}

/** Parses a condition (a filter's drop condition). Throws RuleSyntaxError. */
export function parseCondition(source: string): Node {
  const p = new Parser(source);
  const node = p.condition();
  p.expectEnd();
  return node;
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;

  constructor(source: string) {
    this.tokens = readTokens(source);
  }

  private get tok(): Token {
    return this.tokens[this.pos]!;
  }

  next(): Token {
    return this.tokens[this.pos++]!;
  }

  peekWord(word: string): boolean {
    return this.tok.kind === 'name' && this.tok.text === word;
  }

  private is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'op') && this.tok.text === text;
  }

  private expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) throw this.unexpected(what);
    return this.next();
  }

  expectEnd(): void {
    if (this.tok.kind !== 'end') throw this.unexpected('the end of the statement');
  }

  private unexpected(wanted: string): RuleSyntaxError {
    const found = this.tok.kind === 'end' ? 'the end of the statement' : `'${this.tok.text}'`;
    return new RuleSyntaxError(`expected ${wanted} but found ${found}`, this.tok.at);
  }

  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new RuleSyntaxError(`nested deeper than ${MAX_DEPTH} levels`, at);
  }

  /** or-expression: the loosest level. */
  condition(): Node {
    const at = this.tok.at;
    const first = this.andExpr();
    if (!this.peekWord('or')) return first;
    const operands = [first];
    while (this.peekWord('or')) {
      this.next();
      operands.push(this.andExpr());
    }
    return { type: 'or', operands, at };
  }

  private andExpr(): Node {
    const at = this.tok.at;
    const first = this.notExpr();
    if (!this.peekWord('and')) return first;
    const operands = [first];
    while (this.peekWord('and')) {
      this.next();
      operands.push(this.notExpr());
    }
    return { type: 'and', operands, at };
  }

  private notExpr(): Node {
    if (!this.peekWord('not')) return this.comparison();
    const at = this.next().at;
    // The grammar takes one `not` before a boolean value: `not not x` does not parse there either.
    if (this.peekWord('not')) throw this.unexpected('a condition');
    return { type: 'not', operand: this.comparison(), at };
  }

  private comparison(): Node {
    const at = this.tok.at;
    const left = this.value();
    if (!(this.tok.kind === 'op' && COMPARE.has(this.tok.text))) return left;
    const op = this.next().text as CompareOp;
    const right = this.value();
    if (this.tok.kind === 'op' && COMPARE.has(this.tok.text)) throw new RuleSyntaxError('comparisons cannot be chained: join them with and', this.tok.at);
    return { type: 'compare', op, left, right, at };
  }

  /** A value: additive arithmetic and everything tighter. */
  value(): Node {
    let left = this.term();
    for (;;) {
      const t = this.tok;
      let op: MathOp;
      if (t.kind === 'op' && (t.text === '+' || t.text === '-')) {
        op = t.text;
        this.next();
      } else if ((t.kind === 'int' || t.kind === 'float') && /^[-+]/.test(t.text)) {
        // `x -1`: the lexer reads `-1` as one number, as the Collector's does; here it is a sign.
        op = t.text[0] as MathOp;
        this.tokens[this.pos] = { kind: t.kind, text: t.text.slice(1), at: t.at + 1 };
      } else return left;
      left = { type: 'math', op, left, right: this.term(), at: left.at };
    }
  }

  private term(): Node {
    let left = this.unary();
    while (this.tok.kind === 'op' && (this.tok.text === '*' || this.tok.text === '/')) {
      const op = this.next().text as MathOp;
      left = { type: 'math', op, left, right: this.unary(), at: left.at };
    }
    return left;
  }

  private unary(): Node {
    if (this.tok.kind === 'op' && (this.tok.text === '-' || this.tok.text === '+')) {
      const t = this.next();
      this.enter(t.at);
      const operand = this.unary();
      this.depth--;
      return t.text === '-' ? { type: 'negate', operand, at: t.at } : operand;
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.tok;
    switch (t.kind) {
      case 'int': {
        this.next();
        const value = BigInt(t.text);
        if (value < INT64_MIN || value > INT64_MAX) throw new RuleSyntaxError(`${t.text} is out of the range of a 64-bit integer`, t.at);
        return { type: 'literal', value, at: t.at };
      }
      case 'float':
        this.next();
        return { type: 'literal', value: Number(t.text), at: t.at };
      case 'bytes': {
        this.next();
        const hex = t.text.slice(2);
        if (hex.length % 2) throw new RuleSyntaxError('bytes need an even number of hex digits', t.at);
        return { type: 'literal', value: Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)), at: t.at };
      }
      case 'string':
        this.next();
        return { type: 'literal', value: unquote(t), at: t.at };
      case 'name':
        return this.named();
      case 'punct':
        if (t.text === '(') {
          this.next();
          this.enter(t.at);
          const inner = this.condition();
          this.depth--;
          this.expect(')');
          return { type: 'paren', inner, at: t.at };
        }
        if (t.text === '[') return this.list();
        if (t.text === '{') return this.map();
    }
    throw this.unexpected('a value');
  }

  private named(): Node {
    const t = this.next();
    if (t.text === 'true' || t.text === 'false') return { type: 'literal', value: t.text === 'true', at: t.at };
    if (t.text === 'nil') return { type: 'literal', value: null, at: t.at };
    if (KEYWORDS.has(t.text)) {
      this.pos--;
      throw this.unexpected('a value');
    }
    if (this.is('(')) return this.call(t);
    if (/^[A-Z]/.test(t.text)) {
      if (this.is('[')) throw new RuleSyntaxError(`only paths and converters may be indexed, not the enum ${t.text}`, this.tok.at);
      return { type: 'enum', name: t.text, at: t.at };
    }
    const fields: Field[] = [{ name: t.text, keys: this.keys(), at: t.at }];
    while (this.is('.')) {
      this.next();
      const f = this.tok;
      if (f.kind !== 'name' || !/^[a-z]/.test(f.text) || KEYWORDS.has(f.text)) throw this.unexpected('a path field after .');
      this.next();
      fields.push({ name: f.text, keys: this.keys(), at: f.at });
    }
    return { type: 'path', fields, at: t.at };
  }

  private call(name: Token): Node {
    this.expect('(');
    this.enter(name.at);
    const args: Argument[] = [];
    if (!this.is(')')) {
      for (;;) {
        const at = this.tok.at;
        const named = this.tok.kind === 'name' && /^[a-z]/.test(this.tok.text) && this.tokens[this.pos + 1]?.kind === 'op' && this.tokens[this.pos + 1]!.text === '=';
        let argName: string | undefined;
        if (named) {
          argName = this.next().text;
          this.next();
        } else if (args.some((a) => a.name)) throw new RuleSyntaxError('positional arguments cannot come after named ones', at);
        args.push({ name: argName, value: this.value(), at });
        if (!this.is(',')) break;
        this.next();
      }
    }
    this.expect(')', "',' or ')'");
    this.depth--;
    return { type: 'call', name: name.text, args, keys: this.keys(), at: name.at };
  }

  private keys(): Key[] {
    const keys: Key[] = [];
    while (this.is('[')) {
      this.next();
      const t = this.next();
      if (t.kind === 'string') keys.push({ kind: 'string', value: unquote(t), at: t.at });
      else if (t.kind === 'int') keys.push({ kind: 'int', value: BigInt(t.text), at: t.at });
      else {
        this.pos--;
        throw this.unexpected('a string or integer key');
      }
      this.expect(']');
    }
    return keys;
  }

  private list(): Node {
    const at = this.expect('[').at;
    this.enter(at);
    const items: Node[] = [];
    while (!this.is(']')) {
      items.push(this.value());
      if (!this.is(',')) break;
      this.next();
    }
    this.expect(']', "',' or ']'");
    this.depth--;
    return { type: 'list', items, at };
  }

  private map(): Node {
    const at = this.expect('{').at;
    this.enter(at);
    const entries: [string, Node][] = [];
    while (!this.is('}')) {
      const k = this.next();
      if (k.kind !== 'string') {
        this.pos--;
        throw this.unexpected('a string key');
      }
      this.expect(':');
      entries.push([unquote(k), this.value()]);
      if (this.is(',')) this.next();
    }
    this.expect('}');
    this.depth--;
    return { type: 'map', entries, at };
  }
}
