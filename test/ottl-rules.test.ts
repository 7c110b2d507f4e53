import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { applyRules, compileRules, MAX_STATEMENTS } from '../src/rules/rules';
import { ruleSpan } from './support/rule-spans';

describe('rule problems', () => {
  it('names the list, the index, the line and the column of a statement that does not parse', () => {
    const { problems, rules } = compileRules({
      drop: ['name == "a"', 'name ==', 'attributes["a"] == 1 and\n  IsMatch(name, "(a|b)*")'],
      transform: ['set(name, "x")', 'set(name "x")'],
    });
    expect(problems).toEqual([
      { list: 'drop', index: 1, line: 1, column: 8, message: 'expected a value but found the end of the statement' },
      { list: 'drop', index: 2, line: 2, column: 17, message: expect.stringContaining('IsMatch: a repeated group') },
      { list: 'transform', index: 1, line: 1, column: 10, message: "expected ',' or ')' but found '\"x\"'" },
    ]);
    expect(rules.drop.map((r) => r.index)).toEqual([0]);
    expect(rules.transform.map((r) => r.index)).toEqual([0]);
  });

  it.each([
    ['set(attributes["a"], "unclosed)', 1, 22, 'a string is not closed'],
    ['set(name, "a") where', 1, 21, 'expected a value but found the end of the statement'],
    ['set(name, "a") where name', 1, 22, 'expected a condition (a comparison, true, false, or a converter such as IsMatch) but found the path name'],
    ['set(name, 1 == 1)', 1, 13, "expected ',' or ')' but found '=='"],
    ['set(name, "a") where 1 < 2 < 3', 1, 28, 'comparisons cannot be chained: join them with and'],
    ['set(trace_id.string, "a")', 1, 5, 'set: span ids are read-only: they tie the trace together'],
    ['set(attributes["a"], "x\\q")', 1, 24, 'invalid escape \\q in a string'],
    ['set(nope, 1)', 1, 5, 'nope is not a span path here'],
    ['set(name)', 1, 1, 'set takes 2 arguments but got 1: value is missing'],
    ['set(name, "a", "b")', 1, 16, 'set takes 2 arguments but got 3'],
    ['set(name, value = "a", "b")', 1, 24, 'positional arguments cannot come after named ones'],
    ['set(name, "a")\nwhere\n  attributes["x"] = 1', 3, 19, "expected the end of the statement but found '='"],
    ['set(name, 99999999999999999999)', 1, 11, '99999999999999999999 is out of the range of a 64-bit integer'],
    ['delete_key(resource.attributes, "a")', 1, 12, expect.stringContaining('resource attributes are read-only')],
    ['set(name, "a") where name == "a" #', 1, 34, 'unexpected character "#"'],
  ])('reports %j at line %i, column %i', (statement, line, column, message) => {
    const { problems } = compileRules({ drop: [], transform: [statement] });
    expect(problems).toEqual([{ list: 'transform', index: 0, line, column, message }]);
  });

  it('leaves out statements past the limit, and says so', () => {
    const { problems, rules } = compileRules({ drop: Array(MAX_STATEMENTS + 1).fill('name == "x"'), transform: [] });
    expect(rules.drop).toHaveLength(MAX_STATEMENTS);
    expect(problems).toEqual([expect.objectContaining({ list: 'drop', index: MAX_STATEMENTS })]);
  });

  it('refuses a nesting deep enough to exhaust the parser', () => {
    const { problems } = compileRules({ drop: [`${'('.repeat(1500)}true${')'.repeat(1500)}`], transform: [] });
    expect(problems[0]!.message).toMatch(/nested deeper/);
  });
});

describe('applying rules', () => {
  const spans = (n: number) => Array.from({ length: n }, (_, i) => ruleSpan({ name: `span ${i}`, attributes: { i } }));

  it('drops, transforms, and never changes the input', () => {
    const { rules } = compileRules({ drop: ['attributes["i"] == 1'], transform: ['set(attributes["even"], true) where attributes["i"] / 2 * 2 == attributes["i"]'] });
    const input = spans(3);
    const copy = structuredClone(input);
    const result = applyRules(rules, input, { budgetMs: 100 });
    expect(input).toEqual(copy);
    expect(result.dropped).toBe(1);
    expect(result.spans.map((s) => s.attributes)).toEqual([{ i: 0, even: true }, { i: 2, even: true }]);
    expect(result.spans[0]).not.toBe(input[0]);
  });

  it('returns a span no statement changed as it came', () => {
    const { rules } = compileRules({ drop: [], transform: ['set(name, "x") where name == "none"'] });
    const input = spans(1);
    expect(applyRules(rules, input, { budgetMs: 100 }).spans[0]).toBe(input[0]);
  });

  it('skips a statement that fails on a span and runs the next (error_mode ignore)', () => {
    const { rules } = compileRules({ drop: [], transform: ['set(attributes["a"], Substring(name, 0, 100))', 'set(attributes["b"], "ok")'] });
    const result = applyRules(rules, spans(2), { budgetMs: 100 });
    expect(result.errors).toBe(2);
    expect(result.firstError).toEqual({ list: 'transform', index: 0, message: expect.stringContaining('invalid range for substring') });
    expect(result.spans.map((s) => s.attributes.b)).toEqual(['ok', 'ok']);
  });

  it('stops at the budget and passes the spans it has not reached through unchanged', () => {
    const { rules } = compileRules({ drop: ['true'], transform: [] });
    let t = 0;
    const input = spans(10);
    // Each span costs 1 ms on this clock; the budget is 3.5 ms.
    const result = applyRules(rules, input, { budgetMs: 3.5, now: () => t++ });
    expect(result.overBudget).toBe(true);
    expect(result.dropped).toBe(4);
    expect(result.spans).toEqual(input.slice(4));
    expect(result.spans[0]).toBe(input[4]);
  });

  it('reads the resource once a span, and only when a statement reads it', () => {
    let calls = 0;
    const resource = () => {
      calls++;
      return { 'service.name': 'shop.example' };
    };
    const both = compileRules({ drop: ['resource.attributes["service.name"] == "x"'], transform: ['set(attributes["s"], resource.attributes["service.name"])'] });
    expect(applyRules(both.rules, spans(2), { budgetMs: 100, resource }).spans[1]!.attributes.s).toBe('shop.example');
    expect(calls).toBe(2);
    applyRules(compileRules({ drop: ['name == "x"'], transform: [] }).rules, spans(2), { budgetMs: 100, resource });
    expect(calls).toBe(2);
  });

  it('converts kinds between OTLP numbers and the stored ones', () => {
    const { rules } = compileRules({ drop: [], transform: ['set(kind, SPAN_KIND_SERVER) where kind == SPAN_KIND_INTERNAL', 'set(attributes["k"], kind.string)'] });
    const [span] = applyRules(rules, [ruleSpan({ kind: 0 })], { budgetMs: 100 }).spans;
    expect(span!.kind).toBe(1);
    expect(span!.attributes.k).toBe('Server');
  });

  it('keeps nanoseconds in time arithmetic and writes times back as HrTime', () => {
    const { rules } = compileRules({ drop: [], transform: ['set(end_time_unix_nano, start_time_unix_nano + 1500000001)', 'set(attributes["d"], end_time_unix_nano - start_time_unix_nano)'] });
    const [span] = applyRules(rules, [ruleSpan()], { budgetMs: 100 }).spans;
    expect(span!.end).toEqual([1_700_000_001, 623_456_790]);
    expect(span!.attributes.d).toBe(1_500_000_001);
  });

  it('treats keys such as __proto__ and constructor as plain attribute names', () => {
    const { rules } = compileRules({ drop: [], transform: ['set(attributes["__proto__"], "a")', 'set(attributes["c"], attributes["constructor"])', 'set(attributes["d"], IsString(attributes["toString"]))'] });
    const [span] = applyRules(rules, [ruleSpan()], { budgetMs: 100 }).spans;
    expect(Object.getPrototypeOf(span!.attributes)).toBe(Object.prototype);
    expect(Object.keys(span!.attributes)).toEqual(['__proto__', 'd']);
    expect(span!.attributes.d).toBe(false);
  });

  it('adds keys to a span another statement changed first, an own __proto__ kept and the input untouched', () => {
    const input = ruleSpan({ attributes: { a: 'x' } });
    Object.defineProperty(input.attributes, '__proto__', { value: 'p', enumerable: true, writable: true, configurable: true });
    const { rules } = compileRules({ drop: [], transform: ['set(name, "changed")', 'set(attributes["b"], "new")', 'set(attributes["c"], 1)'] });
    const [span] = applyRules(rules, [input], { budgetMs: 100 }).spans;
    expect(Object.getPrototypeOf(span!.attributes)).toBe(Object.prototype);
    expect(Object.keys(span!.attributes)).toEqual(['a', '__proto__', 'b', 'c']);
    expect(span!.attributes.__proto__).toBe('p');
    expect(Object.keys(input.attributes)).toEqual(['a', '__proto__']);
    expect(input.name).toBe('GET');
  });
});

const names = ['set', 'delete_key', 'keep_keys', 'limit', 'truncate_all', 'replace_pattern', 'replace_match', 'replace_all_patterns', 'IsMatch', 'Concat', 'Split', 'Substring', 'SHA256', 'Len', 'Int', 'Double', 'String', 'IsString', 'ToLowerCase'];
const tokenArb = fc.oneof(
  fc.constantFrom(...names, 'name', 'kind', 'attributes', 'resource', 'status', 'code', 'where', 'and', 'or', 'not', 'nil', 'true', 'SPAN_KIND_CLIENT', 'STATUS_CODE_ERROR'),
  fc.constantFrom('(', ')', '[', ']', '{', '}', ',', '.', ':', '==', '!=', '<', '>=', '+', '-', '*', '/', '=', '"a"', '"\\\\d+"', '"(a+)+"', '"$1"', '0', '-1', '2.5', '0x0f', '"', '\\', '\n'),
  fc.string({ maxLength: 4 }),
);
const statementArb = fc.array(tokenArb, { maxLength: 30 }).map((t) => t.join(' '));
const valueArb = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean());
const spanArb: fc.Arbitrary<SpanRecord> = fc.record({
  name: fc.string({ maxLength: 30 }),
  kind: fc.integer({ min: 0, max: 4 }),
  attributes: fc.dictionary(fc.constantFrom('a', 'b', 'http.url', '__proto__', 'constructor', 'x'), valueArb, { maxKeys: 6 }),
  code: fc.integer({ min: 0, max: 2 }),
}).map(({ name, kind, attributes, code }) => ruleSpan({ name, kind, attributes, status: { code } }));
const RULES = {
  drop: ['attributes["a"] == nil and kind == SPAN_KIND_CLIENT', 'Len(name) > 20', 'IsMatch(attributes["http.url"], "secret")'],
  transform: [
    'set(attributes["n"], Int(attributes["a"]) * 2 + Len(name))',
    'replace_pattern(name, "(\\\\d+)", "<$1>")',
    'set(attributes["h"], SHA256(Concat([name, attributes["b"]], "|")))',
    'set(name, Substring(name, 1, 3))',
    'truncate_all(attributes, 4)',
    'limit(attributes, 3, ["n"])',
    'replace_all_patterns(attributes, "key", "^(.)", "k$1")',
    'set(status.code, attributes["x"]) where IsString(attributes["x"]) == false',
    'set(kind, Int(attributes["b"]))',
  ],
};

describe('rule properties', () => {
  it('compiling any statement never throws: a statement that fails is a reported problem', () => {
    fc.assert(
      fc.property(statementArb, statementArb, (a, b) => {
        const { rules, problems } = compileRules({ drop: [a], transform: [b] });
        expect(rules.drop.length + problems.filter((p) => p.list === 'drop').length).toBe(1);
        expect(rules.transform.length + problems.filter((p) => p.list === 'transform').length).toBe(1);
        for (const p of problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.column).toBeGreaterThanOrEqual(1);
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('random spans through a compiled rule set never throw, and the input never changes', () => {
    const { rules, problems } = compileRules(RULES);
    expect(problems).toEqual([]);
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 10 }), (spans) => {
        const copy = structuredClone(spans);
        const result = applyRules(rules, spans, { budgetMs: 1000 });
        expect(spans).toEqual(copy);
        expect(result.spans.length + result.dropped).toBe(spans.length);
        for (const s of result.spans) for (const v of Object.values(s.attributes)) expect(['string', 'number', 'boolean']).toContain(typeof v);
      }),
      { numRuns: 500 },
    );
  });

  it('never exceeds the budget unnoticed', () => {
    const { rules } = compileRules(RULES);
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 20 }), fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 20, noNaN: true }), (spans, steps, budgetMs) => {
        let t = 0;
        let i = 0;
        const now = () => (t += steps[i++ % steps.length]!);
        const result = applyRules(rules, spans, { budgetMs, now });
        if (!result.overBudget) expect(result.ms).toBeLessThanOrEqual(budgetMs);
        else expect(result.ms).toBeGreaterThan(budgetMs);
        expect(result.spans.length + result.dropped).toBe(spans.length);
      }),
      { numRuns: 500 },
    );
  });
});
