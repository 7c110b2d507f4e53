/**
 * The parsed form of an OTTL statement or condition, before it is compiled to closures. Every
 * node keeps the offset it starts at, so the compiler's errors point into the statement.
 */
import type { Value } from './value';

/** A key in brackets: `attributes["http.method"]`, `Split(name, ".")[0]`. */
export type Key = { kind: 'string'; value: string; at: number } | { kind: 'int'; value: bigint; at: number };

/** One field of a path with its keys: `attributes["a"]`. */
export interface Field {
  name: string;
  keys: Key[];
  at: number;
}

export interface Argument {
  /** Set for a named argument (`function = SHA256`). */
  name?: string;
  value: Node;
  at: number;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type MathOp = '+' | '-' | '*' | '/';

export type Node =
  | { type: 'literal'; value: Value; at: number }
  | { type: 'path'; fields: Field[]; at: number }
  | { type: 'enum'; name: string; at: number }
  | { type: 'call'; name: string; args: Argument[]; keys: Key[]; at: number }
  | { type: 'list'; items: Node[]; at: number }
  | { type: 'map'; entries: [string, Node][]; at: number }
  | { type: 'math'; op: MathOp; left: Node; right: Node; at: number }
  | { type: 'negate'; operand: Node; at: number }
  | { type: 'compare'; op: CompareOp; left: Node; right: Node; at: number }
  | { type: 'and' | 'or'; operands: Node[]; at: number }
  | { type: 'not'; operand: Node; at: number }
  | { type: 'paren'; inner: Node; at: number };

/** A transform statement: an editor call and its optional `where` condition. */
export interface Statement {
  editor: Extract<Node, { type: 'call' }>;
  where?: Node;
}
