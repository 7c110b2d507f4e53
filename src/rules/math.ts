/**
 * OTTL arithmetic (pkg/ottl/math.go): + - * / on ints and doubles. Two ints give an int (64-bit,
 * wrapping, division truncating towards zero); an int with a double gives a double; dividing by
 * 0 is an error, for doubles too. Any other operand is an error. The Collector's time and
 * duration arithmetic is left out with its types.
 */
import type { MathOp } from './ast';
import { RuleRuntimeError } from './rule-error';
import { typeName, type Value } from './value';

/** `a op b`, or a runtime error. */
export function calculate(a: Value, op: MathOp, b: Value): bigint | number {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '+': return BigInt.asIntN(64, a + b);
      case '-': return BigInt.asIntN(64, a - b);
      case '*': return BigInt.asIntN(64, a * b);
      case '/':
        if (b === 0n) throw new RuleRuntimeError('attempted to divide by 0');
        return BigInt.asIntN(64, a / b);
    }
  }
  if ((typeof a !== 'bigint' && typeof a !== 'number') || (typeof b !== 'bigint' && typeof b !== 'number')) {
    const wrong = typeof a === 'bigint' || typeof a === 'number' ? b : a;
    throw new RuleRuntimeError(`arithmetic needs ints or doubles but got ${typeName(wrong)}`);
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/':
      if (y === 0) throw new RuleRuntimeError('attempted to divide by 0');
      return x / y;
  }
}

/** `-a` for an int or a double. */
export function negate(a: Value): bigint | number {
  if (typeof a === 'bigint') return BigInt.asIntN(64, -a);
  if (typeof a === 'number') return -a;
  throw new RuleRuntimeError(`unsupported unary minus operation on type ${typeName(a)}`);
}
