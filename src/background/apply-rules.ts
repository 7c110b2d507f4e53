/**
 * Ingest's step between finishing (redaction, session) and storing: the span rules in force
 * (`settings.rules`, the organization's first; docs/rules.md). They are compiled once per change
 * of the rules; a statement that does not compile is left out and the others run. Each batch runs
 * within a time budget: a rule set over it is switched off for the rest of the background's life
 * (changing the rules tries again), the spans it had not reached are stored as they came, and
 * the status says so. Ingest never waits on the rules and never loses a span to them but by a
 * drop condition.
 */
import { resourceAttributes, type BrowserInfo, type ResourceAttributes } from '../otlp/resource';
import type { SpanRecord } from '../protocol/span';
import { applyRules, compileRules, type CompiledRules, type RuleList, type RuleProblem, type RuleSource } from '../rules/rules';
import { updateStatus, type RuleRef, type RulesStatus } from '../status';

/** Milliseconds the rules may take over one batch. A batch of 1,000 spans takes a few. */
export const RULES_BUDGET_MS = 50;
/** Batches in a row over the budget that switch the rules off. */
const OVERRUNS_TO_SWITCH_OFF = 2;
/** Problems the status lists; the rest are in the options page, as the user types. */
const MAX_LISTED_PROBLEMS = 10;
/** Characters of a statement the status quotes. */
const QUOTED = 60;
/** Characters of a failure's message it keeps (one may quote a value of the span). */
const MAX_MESSAGE = 200;

/** For tests: the clock the budget is read by, and where the status goes. */
export interface SpanRulesOptions {
  clock?: () => number;
  report?: (rules: RulesStatus) => void;
}

/** The spans to store, and how many the drop conditions left out. */
export interface RulesOutcome {
  spans: SpanRecord[];
  dropped: number;
}

/** The rules in force, compiled, and how they fare; one per background. */
export class SpanRules {
  private key: string | undefined;
  private source: RuleSource | undefined;
  private compiled: CompiledRules = { drop: [], transform: [] };
  private problems: RuleProblem[] = [];
  private status: RulesStatus = { problems: [], errors: 0 };
  /** Batches in a row the rules went over the budget on. */
  private overruns = 0;
  /** What the status was last told, so that it is written only when that changes. */
  private reported: string | undefined;
  private readonly resource: (span: SpanRecord) => Readonly<ResourceAttributes>;

  constructor(browserInfo: BrowserInfo, private readonly options: SpanRulesOptions = {}) {
    // What export sends the span under (src/otlp/resource.ts); a batch's spans share a page.
    let last: { pageUrl: string; resource: ResourceAttributes } | undefined;
    this.resource = (span) => {
      if (last?.pageUrl !== span.pageUrl) last = { pageUrl: span.pageUrl, resource: resourceAttributes(span.pageUrl, browserInfo) };
      return last.resource;
    };
  }

  /** `spans` through `source`: the drop conditions, then the transform statements. Never throws. */
  apply(source: RuleSource, spans: SpanRecord[]): RulesOutcome {
    this.compile(source);
    const { drop, transform } = this.compiled;
    if (this.status.off || (!drop.length && !transform.length) || !spans.length) {
      this.report();
      return { spans, dropped: 0 };
    }
    const result = applyRules(this.compiled, spans, { resource: this.resource, budgetMs: RULES_BUDGET_MS, now: this.options.clock });
    if (result.errors) {
      this.status.errors += result.errors;
      const first = result.firstError!;
      this.status.firstError ??= { ...this.ref(first.list, first.index), message: first.message.slice(0, MAX_MESSAGE), at: Date.now() };
    }
    // Twice in a row: a first batch runs before V8 has optimised the rules, and may take most of
    // the budget on a busy machine; a rule set really over it is over it again at once.
    this.overruns = result.overBudget ? this.overruns + 1 : 0;
    if (this.overruns >= OVERRUNS_TO_SWITCH_OFF) {
      const ms = Math.round(result.ms);
      this.status.off = { ms, at: Date.now(), reason: `they took ${ms} ms on a batch of ${spans.length} spans, over the budget of ${RULES_BUDGET_MS} ms, twice in a row` };
    }
    this.report();
    return { spans: result.spans, dropped: result.dropped };
  }

  /** Compiles `source` if it is not the rule set compiled last; a new rule set starts afresh. */
  private compile(source: RuleSource): void {
    if (source === this.source) return;
    this.source = source;
    const key = JSON.stringify([source.drop, source.transform]);
    if (key === this.key) return;
    this.key = key;
    ({ rules: this.compiled, problems: this.problems } = compileRules(source));
    this.overruns = 0;
    this.status = {
      problems: this.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({ ...this.ref(p.list, p.index), line: p.line, column: p.column, message: p.message.slice(0, MAX_MESSAGE) })),
      errors: 0,
    };
  }

  private ref(list: RuleList, index: number): RuleRef {
    return { list, index, statement: (this.source?.[list][index] ?? '').slice(0, QUOTED) };
  }

  /**
   * Tells the status how the rules fare, when that changed. The first call of a background's life
   * writes even nothing to say, so one that restarted no longer shows its rules as off.
   */
  private report(): void {
    const key = JSON.stringify(this.status);
    if (key === this.reported) return;
    this.reported = key;
    const rules = structuredClone(this.status);
    if (this.options.report) this.options.report(rules);
    else void updateStatus((s) => ({ ...s, rules }));
  }
}
