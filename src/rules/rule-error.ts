/**
 * The errors of the rules: a statement that cannot be compiled (with where in it), and one that
 * fails on one span while it runs.
 */

/** A statement that does not parse or compile; `at` is the offset in the statement. */
export class RuleSyntaxError extends Error {
  override name = 'RuleSyntaxError';
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

/** A statement that failed on one span: a converter given a value of the wrong type, a division by 0. */
export class RuleRuntimeError extends Error {
  override name = 'RuleRuntimeError';
}

/** The 1-based line and column of `offset` in `source`. */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
