/**
 * Compiles parsed statements and conditions to closures: no eval, no Function. Each node becomes
 * one function of the span's context, built once; running a statement calls them, so its time
 * is that of its functions, linear in the span's size. Everything that can be checked before a
 * span arrives is checked here and reported with the offset it concerns: unknown functions,
 * paths and enums, argument counts, literals that must be literal, unsafe patterns, writes to
 * read-only paths, a value where a condition goes and a condition where a value goes.
 */
import { Args, type Compiler } from './arguments';
import type { Node, Statement } from './ast';
import { compareValues } from './compare';
import { CONVERTERS } from './converters';
import { EDITORS, type Edit } from './editors';
import { ENUMS } from './enums';
import { calculate, negate } from './math';
import { RuleRuntimeError, RuleSyntaxError } from './rule-error';
import type { SpanContext } from './span-context';
import { compilePath, indexValue, type Getter } from './span-paths';
import { typeName, type Value } from './value';

export type Condition = (ctx: SpanContext) => boolean;

const COMPILER: Compiler = {
  value: compileValue,
  path: (node) => compilePath(node.fields),
  function: namedFunction,
};

/** A transform statement as one closure: its editor, run when its condition holds. */
export function compileStatement(statement: Statement): Edit {
  const { editor } = statement;
  const spec = EDITORS[editor.name];
  if (!spec) throw new RuleSyntaxError(`undefined function "${editor.name}"`, editor.at);
  const edit = spec.build(new Args(editor.name, spec.params, editor.args, COMPILER, editor.at), editor.at);
  if (!statement.where) return edit;
  const where = compileCondition(statement.where);
  return (c) => {
    if (where(c)) edit(c);
  };
}

/** A condition as one closure. */
export function compileCondition(node: Node): Condition {
  switch (node.type) {
    case 'or': {
      const parts = node.operands.map(compileCondition);
      return (c) => {
        for (const p of parts) if (p(c)) return true;
        return false;
      };
    }
    case 'and': {
      const parts = node.operands.map(compileCondition);
      return (c) => {
        for (const p of parts) if (!p(c)) return false;
        return true;
      };
    }
    case 'not': {
      const inner = compileCondition(node.operand);
      return (c) => !inner(c);
    }
    case 'compare': {
      const [left, right, op] = [compileValue(node.left), compileValue(node.right), node.op];
      return (c) => compareValues(left(c), right(c), op);
    }
    case 'paren':
      return compileCondition(node.inner);
    case 'literal':
      if (typeof node.value === 'boolean') {
        const v = node.value;
        return () => v;
      }
      break;
    case 'call': {
      const g = compileValue(node);
      return (c) => {
        const v = g(c);
        if (typeof v !== 'boolean') throw new RuleRuntimeError(`${node.name}: expected a bool for the condition but got ${typeName(v)}`);
        return v;
      };
    }
  }
  throw new RuleSyntaxError(`expected a condition (a comparison, true, false, or a converter such as IsMatch) but found ${describe(node)}`, node.at);
}

/** A value as one closure. */
export function compileValue(node: Node): Getter {
  switch (node.type) {
    case 'literal': {
      const v = node.value;
      return () => v;
    }
    case 'path':
      return compilePath(node.fields).get;
    case 'enum': {
      const v = ENUMS[node.name];
      if (v === undefined) throw new RuleSyntaxError(`enum symbol ${node.name} not found`, node.at);
      return () => v;
    }
    case 'call': {
      if (/^[a-z]/.test(node.name)) throw new RuleSyntaxError(`converter names must start with an uppercase letter but got '${node.name}'`, node.at);
      const spec = CONVERTERS[node.name];
      if (!spec) throw new RuleSyntaxError(`undefined function "${node.name}"`, node.at);
      const g = spec.build(new Args(node.name, spec.params, node.args, COMPILER, node.at), node.at);
      if (!node.keys.length) return g;
      const keys = node.keys;
      return (c) => indexValue(g(c), keys);
    }
    case 'list': {
      const items = node.items.map(compileValue);
      return (c) => items.map((g) => g(c));
    }
    case 'map': {
      const entries = node.entries.map(([k, v]) => [k, compileValue(v)] as const);
      return (c) => new Map<string, Value>(entries.map(([k, g]) => [k, g(c)]));
    }
    case 'math': {
      const [left, right, op] = [arithmetic(node.left), arithmetic(node.right), node.op];
      return (c) => calculate(left(c), op, right(c));
    }
    case 'negate': {
      const inner = arithmetic(node.operand);
      if (node.operand.type === 'literal') {
        const v = negate(node.operand.value);
        return () => v;
      }
      return (c) => negate(inner(c));
    }
    case 'paren':
      if (isCondition(node.inner)) break;
      return arithmetic(node.inner);
  }
  throw new RuleSyntaxError(`a condition cannot be a value here: ${describe(node)}`, node.at);
}

/** An operand of arithmetic: a number, a path, a converter, or arithmetic in parentheses. */
function arithmetic(node: Node): Getter {
  const ok =
    (node.type === 'literal' && (typeof node.value === 'bigint' || typeof node.value === 'number')) ||
    node.type === 'path' || node.type === 'call' || node.type === 'math' || node.type === 'negate' ||
    (node.type === 'paren' && !isCondition(node.inner));
  if (!ok) throw new RuleSyntaxError(`only numbers, paths and converters can take part in arithmetic, not ${describe(node)}`, node.at);
  return compileValue(node);
}

const isCondition = (node: Node): boolean => node.type === 'compare' || node.type === 'and' || node.type === 'or' || node.type === 'not';

function describe(node: Node): string {
  switch (node.type) {
    case 'literal': return `a ${typeName(node.value)} literal`;
    case 'path': return `the path ${node.fields.map((f) => f.name).join('.')}`;
    case 'enum': return `the enum ${node.name}`;
    case 'call': return `${node.name}(…)`;
    case 'math':
    case 'negate': return 'arithmetic';
    case 'paren': return 'an expression in parentheses';
    default: return `a ${node.type === 'compare' ? 'comparison' : node.type}`;
  }
}

/** A converter of one argument named as a function argument (replace_pattern's `function`). */
function namedFunction(name: string, at: number): (value: Value) => Value {
  const spec = CONVERTERS[name];
  if (!spec) throw new RuleSyntaxError(`undefined function "${name}"`, at);
  if (spec.params.filter((p) => !p.optional).length !== 1) throw new RuleSyntaxError(`${name} takes more than one argument, so it cannot be given as a function`, at);
  let current: Value = null;
  const box: Compiler = { ...COMPILER, value: () => () => current };
  const g = spec.build(new Args(name, spec.params, [{ value: { type: 'literal', value: null, at }, at }], box, at), at);
  const none = {} as SpanContext;
  return (v) => {
    current = v;
    return g(none);
  };
}
