/**
 * Spanlight's span rules, in OTTL (the OpenTelemetry Transformation Language): `drop` conditions
 * as the Collector's filter processor takes them (a span matching any is not stored) and
 * `transform` statements as its transform processor takes them (run in order on each span before
 * it is stored). docs/rules.md describes the language, what is left out, and how it differs.
 *
 * compileRules reports each statement that does not compile, with where in it, and leaves it
 * out; the others still run. applyRules runs on a batch within a time budget and never throws.
 */
import type { ResourceAttributes } from '../otlp/resource';
import type { SpanRecord } from '../protocol/span';
import { compileCondition, compileStatement, type Condition } from './compile';
import type { Edit } from './editors';
import { parseCondition, parseStatement } from './parser';
import { lineAndColumn, RuleSyntaxError } from './rule-error';
import { BatchContext, OverBudget } from './span-context';
import { withinLimits } from './within-limits';
import { MAX_STATEMENT_LENGTH, MAX_STATEMENTS, type RuleList, type RuleSource } from './rule-source';

export { MAX_STATEMENT_LENGTH, MAX_STATEMENTS, type RuleList, type RuleSource };


/** A statement that was left out: which one, where in it (1-based), and why. */
export interface RuleProblem {
  list: RuleList;
  index: number;
  line: number;
  column: number;
  message: string;
}

/** A statement that failed on a span while running: it was skipped for that span. */
export interface RuleFailure {
  list: RuleList;
  index: number;
  message: string;
}

interface Compiled<F> {
  index: number;
  run: F;
}

/** Rules ready to run. */
export interface CompiledRules {
  readonly drop: readonly Compiled<Condition>[];
  readonly transform: readonly Compiled<Edit>[];
}


/** Compiles `rules`; a statement that does not compile is reported and left out. */
export function compileRules(rules: RuleSource): { rules: CompiledRules; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const compile = <F>(list: RuleList, make: (source: string) => F): Compiled<F>[] => {
    const out: Compiled<F>[] = [];
    rules[list].forEach((source, index) => {
      const report = (at: number, message: string) => problems.push({ list, index, ...lineAndColumn(source, at), message });
      if (index >= MAX_STATEMENTS) return report(0, `more than ${MAX_STATEMENTS} ${list} statements: this one is left out`);
      if (typeof source !== 'string') return report(0, 'a statement must be a string');
      if (source.length > MAX_STATEMENT_LENGTH) return report(0, `longer than ${MAX_STATEMENT_LENGTH} characters`);
      try {
        out.push({ index, run: make(source) });
      } catch (error) {
        if (error instanceof RuleSyntaxError) report(error.at, error.message);
        // Anything else is a fault of the compiler, but still this statement's only.
        else report(0, `could not be compiled: ${(error as Error).message}`);
      }
    });
    return out;
  };
  return {
    rules: {
      drop: compile('drop', (s) => compileCondition(parseCondition(s))),
      transform: compile('transform', (s) => compileStatement(parseStatement(s))),
    },
    problems,
  };
}

export interface ApplyOptions {
  /** The resource attributes a span will be exported under, for resource.attributes[…]. */
  resource?: (span: SpanRecord) => Readonly<ResourceAttributes>;
  /** Milliseconds the batch may take. */
  budgetMs: number;
  /** The clock, in milliseconds (performance.now by default). */
  now?: () => number;
}

export interface ApplyResult {
  /** The spans kept, transformed: a changed span is a new object, an unchanged one is the same. */
  spans: SpanRecord[];
  dropped: number;
  /** The budget ran out: the spans not reached yet are in `spans` as they came. */
  overBudget: boolean;
  /** Statements that failed on a span (skipped for that span, as error_mode ignore does). */
  errors: number;
  /** The first of those failures, to log. */
  firstError?: RuleFailure;
  /** Milliseconds taken. */
  ms: number;
}

/**
 * Runs `rules` on `spans`: the drop conditions first, on the span as it came, then the transform
 * statements in order. Never changes the input. A statement that fails on a span counts in
 * `errors` and the next one runs; a drop condition that fails counts as not matching. The clock
 * is read after each span and at each attribute of the loops over a span's attributes: once the
 * budget is spent the span being worked on and the rest pass through as they came, and
 * `overBudget` says so, so that the caller can turn the rules off and say why. A span a statement
 * changed is fitted to the span limits (withinLimits) before it goes on.
 */
export function applyRules(rules: CompiledRules, spans: readonly SpanRecord[], options: ApplyOptions): ApplyResult {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const kept: SpanRecord[] = [];
  let dropped = 0;
  let errors = 0;
  let firstError: RuleFailure | undefined;
  const fail = (list: RuleList, index: number, error: unknown) => {
    errors++;
    firstError ??= { list, index, message: error instanceof Error ? error.message : String(error) };
  };
  let elapsed = 0;
  const context = new BatchContext(options.resource, started + options.budgetMs, now);
  /** The budget is spent: the spans from `from` on pass through as they came. */
  const stop = (from: number): ApplyResult => {
    for (let j = from; j < spans.length; j++) kept.push(spans[j]!);
    return { spans: kept, dropped, overBudget: true, errors, firstError, ms: now() - started };
  };
  for (let i = 0; i < spans.length; i++) {
    const ctx = context.reset(spans[i]!);
    let drop = false;
    try {
      for (const rule of rules.drop) {
        try {
          if (rule.run(ctx)) {
            drop = true;
            break;
          }
        } catch (error) {
          if (error instanceof OverBudget) throw error;
          fail('drop', rule.index, error);
        }
      }
      if (!drop) {
        for (const rule of rules.transform) {
          try {
            rule.run(ctx);
          } catch (error) {
            if (error instanceof OverBudget) throw error;
            fail('transform', rule.index, error);
          }
        }
      }
    } catch (error) {
      if (error instanceof OverBudget) return stop(i);
      throw error;
    }
    if (drop) dropped++;
    else kept.push(ctx.owned ? withinLimits(ctx.span) : ctx.span);
    elapsed = now() - started;
    if (elapsed > options.budgetMs) return stop(i + 1);
  }
  return { spans: kept, dropped, overBudget: false, errors, firstError, ms: elapsed };
}
