import { describe, expect, it } from 'vitest';
import { BudgetError, evaluate, parseBudget, spanPatternsOf } from '../src/cli/budget';
import { summarize } from '../src/cli/metrics';
import type { MetricSummary } from '../src/cli/types';

const problem = (text: string) => {
  try {
    parseBudget(text, 'perf/budget.json');
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetError);
    return (error as Error).message;
  }
  throw new Error('the budget was accepted');
};

describe('parseBudget', () => {
  it('reads the aggregate, the maxima and the URL overrides in file order, p75 by default', () => {
    const text = JSON.stringify({
      assertions: { LCP: 2500, CLS: 0.1, 'span:GET /api/*': 300 },
      urls: { 'https://shop.example/*': { LCP: 4000 }, 'https://shop.example/checkout*': { errors: 0 } },
    });
    expect(parseBudget(text, 'b.json')).toEqual({
      aggregate: 'p75',
      assertions: { LCP: 2500, CLS: 0.1, 'span:GET /api/*': 300 },
      urls: [
        { glob: 'https://shop.example/*', assertions: { LCP: 4000 } },
        { glob: 'https://shop.example/checkout*', assertions: { errors: 0 } },
      ],
    });
    expect(parseBudget('{"aggregate": "max"}', 'b.json')).toEqual({ aggregate: 'max', assertions: {}, urls: [] });
    expect(parseBudget('\uFEFF{}', 'b.json').aggregate).toBe('p75');
  });

  it('names the file and the key path of each problem', () => {
    expect(problem('{"assertion": {}}')).toBe('perf/budget.json: assertion: unknown key "assertion" (did you mean "assertions"?)');
    expect(problem('{"limits": {}}')).toBe('perf/budget.json: limits: unknown key "limits" (the keys are aggregate, assertions and urls)');
    expect(problem('{"assertions": {"LCPP": 2500}}')).toBe('perf/budget.json: assertions.LCPP: unknown metric "LCPP" (did you mean "LCP"?)');
    expect(problem('{"assertions": {"lcp": 2500}}')).toBe('perf/budget.json: assertions.lcp: unknown metric "lcp" (did you mean "LCP"?)');
    expect(problem('{"assertions": {"transferKilobyte": 1}}')).toBe(
      'perf/budget.json: assertions.transferKilobyte: unknown metric "transferKilobyte" (did you mean "transferKilobytes"?)',
    );
    expect(problem('{"assertions": {"speed index": 1}}')).toBe(
      'perf/budget.json: assertions["speed index"]: unknown metric "speed index" (the metrics are LCP, FCP, CLS, INP, TTFB, errors, requests, transferKilobytes, span:<pattern>)',
    );
    expect(problem('{"assertions": {"span:": 1}}')).toBe('perf/budget.json: assertions["span:"]: a span metric needs a pattern: "span:GET /api/*"');
    expect(problem('{"assertions": {"LCP": "2500"}}')).toBe('perf/budget.json: assertions.LCP: the maximum must be a number, not "2500"');
    expect(problem('{"assertions": {"LCP": null}}')).toBe('perf/budget.json: assertions.LCP: the maximum must be a number, not null');
    expect(problem('{"assertions": {"LCP": 1e400}}')).toBe('perf/budget.json: assertions.LCP: the maximum must be a finite number');
    expect(problem('{"urls": {"https://a/*": {"CLS": -0.1}}}')).toBe('perf/budget.json: urls["https://a/*"].CLS: the maximum must not be negative, not -0.1');
    expect(problem('{"urls": {"https://a/*": {"FID": 100}}}')).toBe(
      'perf/budget.json: urls["https://a/*"].FID: unknown metric "FID" (did you mean "FCP"?)',
    );
    expect(problem('{"urls": {"https://a/*": 3}}')).toBe('perf/budget.json: urls["https://a/*"]: must be an object of metric → maximum, not 3');
    expect(problem('{"aggregate": "p90"}')).toBe('perf/budget.json: aggregate: must be "median", "p75" or "max", not "p90"');
    expect(problem('{"aggregate": null}')).toBe('perf/budget.json: aggregate: must be "median", "p75" or "max", not null');
    expect(problem('{"assertions": [1]}')).toBe('perf/budget.json: assertions: must be an object of metric → maximum, not an array');
    expect(problem('{"urls": ["https://a/*"]}')).toBe('perf/budget.json: urls: must be an object of URL glob → { metric: maximum }, not an array');
    expect(problem('{"urls": "https://a/*"}')).toBe('perf/budget.json: urls: must be an object of URL glob → { metric: maximum }, not "https://a/*"');
    expect(problem('[]')).toBe('perf/budget.json: a budget is a JSON object ({ "assertions": { "LCP": 2500 } }), not an array');
  });

  it('says where JSON that does not parse went wrong', () => {
    expect(problem('{\n  "assertions": {,}\n}')).toMatch(/^perf\/budget\.json: not valid JSON at line 2, column 18: \S/);
    expect(problem('')).toBe('perf/budget.json: not valid JSON at line 1, column 1: Unexpected end');
    expect(problem('{"LCP": 1')).toMatch(/^perf\/budget\.json: not valid JSON at line 1, column 10: /);
  });

  it('keeps the key path on the error', () => {
    let caught: unknown;
    try {
      parseBudget('{"assertions": {"LCPP": 1}}', 'b.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'BudgetError', source: 'b.json', path: 'assertions.LCPP' });
  });
});

describe('spanPatternsOf', () => {
  it('lists each span pattern once, from the assertions and every URL override', () => {
    const budget = parseBudget(
      JSON.stringify({ assertions: { LCP: 1, 'span:GET /api/*': 300 }, urls: { '*': { 'span:click': 50, 'span:GET /api/*': 200, errors: 0 } } }),
      'b.json',
    );
    expect(spanPatternsOf(budget)).toEqual(['GET /api/*', 'click']);
  });
});

describe('evaluate', () => {
  const metrics = (values: Record<string, (number | null)[]>): Record<string, MetricSummary> =>
    Object.fromEntries(Object.entries(values).map(([name, v]) => [name, summarize(v)]));
  const budget = parseBudget(
    JSON.stringify({
      aggregate: 'p75',
      assertions: { LCP: 2500, CLS: 0.1, INP: 200, 'span:GET /api/*': 300 },
      urls: { 'https://shop.example/*': { LCP: 4000 }, 'https://shop.example/checkout*': { LCP: 3000, errors: 0 } },
    }),
    'b.json',
  );
  const shop = metrics({ LCP: [2000, 3500, 2600], CLS: [0.1, 0.1, 0.05], INP: [null, null, null], 'span:GET /api/*': [null, null, null], errors: [0, 1, 0] });

  it('applies every matching URL glob over the assertions, the later one winning', () => {
    const results = evaluate(budget, [
      { url: 'https://other.example/', metrics: shop },
      { url: 'https://shop.example/', metrics: shop },
      { url: 'https://shop.example/checkout?step=2', metrics: shop },
    ]);
    const limits = (url: string) => Object.fromEntries(results.filter((r) => r.url === url).map((r) => [r.metric, r.limit]));
    expect(limits('https://other.example/')).toEqual({ LCP: 2500, CLS: 0.1, INP: 200, 'span:GET /api/*': 300 });
    expect(limits('https://shop.example/')).toEqual({ LCP: 4000, CLS: 0.1, INP: 200, 'span:GET /api/*': 300 });
    expect(limits('https://shop.example/checkout?step=2')).toEqual({ LCP: 3000, CLS: 0.1, INP: 200, 'span:GET /api/*': 300, errors: 0 });
  });

  it('passes at or under the maximum, fails over it and when no run measured the metric, saying why', () => {
    const results = evaluate(budget, [{ url: 'https://shop.example/checkout', metrics: shop }]);
    const by = Object.fromEntries(results.map((r) => [r.metric, r]));
    // p75 of 2000, 2600, 3500 (nearest rank) is 3500.
    expect(by.LCP).toMatchObject({ aggregate: 'p75', limit: 3000, actual: 3500, passed: false, message: 'LCP p75 3500 ms > 3000 ms' });
    expect(by.CLS).toMatchObject({ actual: 0.1, passed: true, message: 'CLS p75 0.1 ≤ 0.1' });
    expect(by.errors).toMatchObject({ actual: 1, passed: false, message: 'errors p75 1 > 0' });
    expect(by.INP).toMatchObject({ actual: null, passed: false, message: 'INP was not measured (it needs an interaction: give a --flow that clicks)' });
    expect(by['span:GET /api/*']).toMatchObject({ actual: null, passed: false, message: 'span:GET /api/* was not measured (no span matched)' });
  });

  it('fails a metric the runs did not report, and says the browser did not', () => {
    const [cls] = evaluate(parseBudget('{"assertions": {"CLS": 0.1}}', 'b.json'), [{ url: 'https://a/', metrics: {} }]);
    expect(cls).toMatchObject({ actual: null, passed: false, message: 'CLS was not measured (the browser did not report it)' });
  });

  it('fails a metric only some runs measured, whatever its value over the others', () => {
    const [lcp] = evaluate(parseBudget('{"assertions": {"LCP": 1000}}', 'b.json'), [{ url: 'https://a/', metrics: metrics({ LCP: [null, null, 900] }) }]);
    expect(lcp).toMatchObject({ actual: 900, passed: false, message: 'LCP p75 900 ms ≤ 1000 ms, but measured in only 1 of 3 runs' });
  });

  it('uses the budget’s aggregate', () => {
    const median = parseBudget('{"aggregate": "median", "assertions": {"LCP": 2600, "transferKilobytes": 100}}', 'b.json');
    const results = evaluate(median, [{ url: 'https://a/', metrics: metrics({ LCP: [2000, 3500, 2600], transferKilobytes: [100.04, 100.06, 100.2] }) }]);
    expect(results.map((r) => [r.passed, r.message])).toEqual([
      [true, 'LCP median 2600 ms ≤ 2600 ms'],
      [false, 'transferKilobytes median 100.1 KB > 100 KB'],
    ]);
  });
});
