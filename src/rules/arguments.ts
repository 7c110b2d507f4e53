/**
 * Binds a call's arguments to its function's parameters, positionally or by name (`function =
 * SHA256`), as OTTL does, and reads each as its parameter needs it: a value computed per span, a
 * literal fixed when the rules compile (patterns, modes, limits: checked once), a path to write,
 * a map to edit, or a converter named as a function. Errors point at the argument.
 */
import type { Argument, Node } from './ast';
import { RuleSyntaxError } from './rule-error';
import type { CompiledPath, Getter, MapTarget } from './span-paths';
import type { Value } from './value';

export interface Param {
  name: string;
  optional?: boolean;
}

/** What the compiler gives the binder: how to compile a value, a path, and a named converter. */
export interface Compiler {
  value(node: Node): Getter;
  path(node: Extract<Node, { type: 'path' }>): CompiledPath;
  /** A converter of one argument, by name, applied to a value. */
  function(name: string, at: number): (value: Value) => Value;
}

/** The arguments of one call, bound to its parameters. */
export class Args {
  private readonly bound: (Argument | undefined)[];

  constructor(
    private readonly fn: string,
    params: readonly Param[],
    args: Argument[],
    private readonly compiler: Compiler,
    at: number,
  ) {
    this.bound = params.map(() => undefined);
    args.forEach((arg, i) => {
      const index = arg.name === undefined ? i : params.findIndex((p) => p.name === arg.name);
      if (index < 0) throw new RuleSyntaxError(`${fn} has no parameter named ${arg.name}`, arg.at);
      if (index >= params.length) throw new RuleSyntaxError(`${fn} takes ${arity(params)} but got ${args.length}`, arg.at);
      if (this.bound[index]) throw new RuleSyntaxError(`${fn}: ${params[index]!.name} is given twice`, arg.at);
      this.bound[index] = arg;
    });
    params.forEach((p, i) => {
      if (!p.optional && !this.bound[i]) throw new RuleSyntaxError(`${fn} takes ${arity(params)} but got ${args.length}: ${p.name} is missing`, at);
    });
  }

  /** Whether the optional argument `i` was given. */
  has(i: number): boolean {
    return this.bound[i] !== undefined;
  }

  /** The offset of argument `i`, for errors about it. */
  at(i: number): number {
    return this.bound[i]!.at;
  }

  private node(i: number): Node {
    return this.bound[i]!.value;
  }

  private fail(i: number, message: string): never {
    throw new RuleSyntaxError(`${this.fn}: ${message}`, this.bound[i]!.at);
  }

  /** A value computed per span. */
  getter(i: number): Getter {
    return this.compiler.value(this.node(i));
  }

  /** A list of values: a list literal's items, each computed per span. */
  getters(i: number): Getter[] {
    const node = this.node(i);
    if (node.type !== 'list') this.fail(i, 'expected a list such as [a, b]');
    return node.items.map((item) => this.compiler.value(item));
  }

  /** A literal, fixed when the rules compile. */
  literal(i: number): Value {
    const node = this.node(i);
    if (node.type === 'literal') return node.value;
    if (node.type === 'negate' && node.operand.type === 'literal') {
      const v = node.operand.value;
      if (typeof v === 'bigint' || typeof v === 'number') return -v;
    }
    return this.fail(i, 'expected a literal here: patterns, modes and limits are fixed when the rules compile');
  }

  literalString(i: number): string {
    const v = this.literal(i);
    return typeof v === 'string' ? v : this.fail(i, 'expected a string literal');
  }

  literalInt(i: number): bigint {
    const v = this.literal(i);
    return typeof v === 'bigint' ? v : this.fail(i, 'expected an int literal');
  }

  literalBool(i: number): boolean {
    const v = this.literal(i);
    return typeof v === 'boolean' ? v : this.fail(i, 'expected true or false');
  }

  /** A list literal of strings. */
  literalStrings(i: number): string[] {
    const node = this.node(i);
    if (node.type !== 'list') this.fail(i, 'expected a list of strings such as ["a", "b"]');
    return node.items.map((item) => (item.type === 'literal' && typeof item.value === 'string' ? item.value : this.fail(i, 'expected a list of string literals')));
  }

  /** A path that can be written. */
  settable(i: number): CompiledPath & { set: NonNullable<CompiledPath['set']> } {
    const node = this.node(i);
    if (node.type !== 'path') this.fail(i, 'the target must be a path, such as attributes["key"]');
    const path = this.compiler.path(node);
    if (!path.set) this.fail(i, path.readOnly ?? 'this path cannot be written');
    return path as CompiledPath & { set: NonNullable<CompiledPath['set']> };
  }

  /** A map that can be edited. */
  map(i: number): Required<MapTarget> {
    const node = this.node(i);
    if (node.type !== 'path') this.fail(i, 'the target must be a map path, such as attributes');
    const path = this.compiler.path(node);
    if (!path.map) this.fail(i, 'the target must be a map, such as attributes');
    if (!path.map.write) this.fail(i, path.readOnly ?? 'this map cannot be written');
    return path.map as Required<MapTarget>;
  }

  /** A converter named as an argument (`SHA256`), applied to one value. */
  function(i: number): (value: Value) => Value {
    const node = this.node(i);
    if (node.type !== 'enum') this.fail(i, 'expected the name of a converter, such as SHA256');
    return this.compiler.function(node.name, node.at);
  }
}

function arity(params: readonly Param[]): string {
  const required = params.filter((p) => !p.optional).length;
  const n = required === params.length ? `${required}` : `${required} to ${params.length}`;
  return `${n} argument${params.length === 1 ? '' : 's'}`;
}
