import { describe, expect, it } from 'vitest';
import { applyRules, compileRules } from '../src/rules/rules';
import { CASES } from './fixtures/ottl/collector-cases';
import { ruleSpan } from './support/rule-spans';

describe('OTTL conformance with the Collector', () => {
  it.each(CASES.map((c) => [`${c.from}: ${c.name}`, c] as const))('%s', (_, c) => {
    const { rules, problems } = compileRules({ drop: c.drop ?? [], transform: c.transform ?? [] });
    if (c.expect.problem) {
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(c.expect.problem);
      return;
    }
    expect(problems).toEqual([]);
    const input = ruleSpan({ attributes: { ...c.attributes }, ...(c.spanName ? { name: c.spanName } : {}), ...(c.kind !== undefined ? { kind: c.kind } : {}) });
    const before = structuredClone(input);
    const result = applyRules(rules, [input], { budgetMs: 1000, resource: () => c.resource ?? {} });
    expect(input).toEqual(before);
    expect(result.overBudget).toBe(false);
    expect(result.errors).toBe(c.expect.errors ?? 0);
    if (c.expect.dropped !== undefined) expect(result.dropped).toBe(c.expect.dropped ? 1 : 0);
    if (c.expect.dropped) return;
    const span = result.spans[0]!;
    if (c.expect.attributes) expect(span.attributes).toEqual(c.expect.attributes);
    for (const [key, value] of Object.entries(c.expect.some ?? {})) expect(span.attributes[key]).toStrictEqual(value);
    if (c.expect.name !== undefined) expect(span.name).toBe(c.expect.name);
    if (c.expect.statusCode !== undefined) expect(span.status.code).toBe(c.expect.statusCode);
  });

  it('cites a Collector file in every case', () => {
    for (const c of CASES) expect(c.from).toMatch(/^(pkg\/ottl|processor\/(transform|filter)processor)\//);
  });
});
