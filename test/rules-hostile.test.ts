/**
 * Span rules against hostile spans and statements: one span must not take the batch far past
 * its budget, and what a statement writes stays within what the project's own span checks accept.
 */
import { describe, expect, it } from 'vitest';
import { SpanRules } from '../src/background/apply-rules';
import { parseSpanRecord } from '../src/protocol/ui';
import { SPAN_LIMITS } from '../src/protocol/span';
import { applyRules, compileRules } from '../src/rules/rules';
import type { RulesStatus } from '../src/status';
import { makeSpan } from './support/spans';

const BUDGET = 50;

/** One span with `n` attributes of 16,384 'a's: what a page may send. */
const heavySpan = (n: number) => {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < n; i++) attributes[`k${i}`] = 'a'.repeat(SPAN_LIMITS.string);
  return makeSpan(0, { attributes });
};

const runOne = (transform: string[], span = makeSpan()) => {
  const { rules, problems } = compileRules({ drop: [], transform });
  expect(problems).toEqual([]);
  const started = performance.now();
  const result = applyRules(rules, [span], { budgetMs: BUDGET });
  return { result, ms: performance.now() - started };
};

/**
 * Far above the budget, far below what a backtracking match costs on these spans (a quadratic
 * a*b over 24 attributes of 16 KB takes tens of seconds): the check is that nothing runs away
 * within one span, not how fast a loaded machine is (one under a load of 10 took 513 ms).
 */
const CATASTROPHIC_MS = BUDGET * 40;

describe('span rules: the budget holds within one span', () => {
  it('a pattern the check passes (a*b) over one span of page strings does not run away', () => {
    const { ms } = runOne(['replace_all_patterns(attributes, "value", "a*b", "x")'], heavySpan(24));
    expect(ms).toBeLessThan(CATASTROPHIC_MS);
  }, 60_000);

  it('a long glob over one span of page strings does not run away', () => {
    // One longer than a match can afford is refused as the rules compile…
    expect(compileRules({ drop: [], transform: [`replace_all_matches(attributes, "*${'a'.repeat(3900)}b", "x")`] }).problems[0]!.message).toMatch(/at most 256 characters/);
    // …and the longest allowed does not run away.
    const { ms } = runOne([`replace_all_matches(attributes, "*${'a'.repeat(250)}b", "x")`], heavySpan(8));
    expect(ms).toBeLessThan(CATASTROPHIC_MS);
  }, 60_000);
});

describe('span rules: what a statement writes stays within SPAN_LIMITS', () => {
  it('set(attributes, {…}) gives at most SPAN_LIMITS.attributes attributes', () => {
    const entries = Array.from({ length: 300 }, (_, i) => `"x${i}": 1`).join(', ');
    const { result } = runOne([`set(attributes, {${entries}})`]);
    expect(Object.keys(result.spans[0]!.attributes).length).toBeLessThanOrEqual(SPAN_LIMITS.attributes);
    expect(parseSpanRecord(result.spans[0])).toBeDefined();
  });

  it('set(attributes, {…}) cuts strings to SPAN_LIMITS.string', () => {
    const { result } = runOne(['set(attributes, {"a": Concat([attributes["k0"], attributes["k0"], attributes["k0"]], "")})'], heavySpan(1));
    expect((result.spans[0]!.attributes.a as string).length).toBeLessThanOrEqual(SPAN_LIMITS.string);
    expect(parseSpanRecord(result.spans[0])).toBeDefined();
  });

  it('replace_all_patterns "key" gives keys the project accepts', () => {
    const { result } = runOne([`replace_all_patterns(attributes, "key", "^", attributes["url.full"])`, `replace_all_patterns(attributes, "key", "^", "${'z'.repeat(3000)}")`]);
    for (const key of Object.keys(result.spans[0]!.attributes)) expect(key.length).toBeLessThanOrEqual(SPAN_LIMITS.name);
    expect(parseSpanRecord(result.spans[0])).toBeDefined();
  });
});

describe('span rules: the status stays small', () => {
  it('a problem quoting a long literal is cut as failures are', () => {
    const reports: RulesStatus[] = [];
    const rules = new SpanRules({ userAgent: 'x', sdkVersion: '0', language: 'en' }, { report: (r) => reports.push(r) });
    rules.apply({ drop: [], transform: [`replace_all_patterns(attributes, "${'v'.repeat(3900)}", "a", "b")`] }, [makeSpan()]);
    const status = reports.at(-1)!;
    expect(status.problems).toHaveLength(1);
    expect(status.problems[0]!.message.length).toBeLessThanOrEqual(200);
  });
});

describe('span rules: what held', () => {
  it('prototype keys stay own keys, the input is never changed, nesting past 64 levels is a problem', () => {
    const span = makeSpan();
    const before = structuredClone(span);
    const { result } = runOne(['set(attributes["__proto__"], "x")', 'set(attributes["constructor"], 1)', 'set(attributes["y"], attributes["toString"])', 'set(end_time_unix_nano, 0)', 'set(name, 1)']);
    const out = result.spans[0]!;
    expect(Object.getPrototypeOf(out.attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(out.attributes, '__proto__')).toBe(true);
    expect(out.attributes.y).toBeUndefined();
    expect(out.name).toBe(span.name);
    expect(span).toEqual(before);
    const deep = compileRules({ drop: [], transform: ['set(name, ' + '('.repeat(70) + '"x"' + ')'.repeat(70) + ')', 'set(name, ' + '-'.repeat(3000) + '1)', 'set(name, "ok")'] });
    expect(deep.problems.map((p) => p.index)).toEqual([0, 1]);
    expect(deep.rules.transform).toHaveLength(1);
  });
});
