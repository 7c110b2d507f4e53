import { describe, expect, it } from 'vitest';
import { evaluate, parseBudget } from '../src/cli/budget';
import { jsonReport } from '../src/cli/json-report';
import { junitXml, xmlText } from '../src/cli/junit';
import { summarize, summarizeRuns } from '../src/cli/metrics';
import type { AssertionResult, TraceReport } from '../src/cli/types';
import { shopRun } from './support/trace-runs';
import { parseXml } from './support/xml';

/** Markup, an entity, C0 controls, lone surrogates, U+FFFF, a CDATA end and whitespace an attribute would fold. */
const HOSTILE = 'https://shop.example/?q=<a href="x">&amp;\'</a>\u0000\u0008\ud800x\udfff\uffff]]>\t\n\r end';
/** HOSTILE as a parser reads it back: the forbidden characters replaced, the rest as it was. */
const KEPT = 'https://shop.example/?q=<a href="x">&amp;\'</a>\ufffd\ufffd\ufffdx\ufffd\ufffd]]>\t\n\r end';

function shopReport(budget: string | undefined, urls = ['https://shop.example', 'https://shop.example/checkout']): TraceReport {
  const entries = urls.map((url) => {
    const runs = [shopRun(1), shopRun(2)].map((run) => ({ ...run, url }));
    return { url, runs, metrics: summarizeRuns(runs, ['GET /api/*']) };
  });
  return { urls: entries, assertions: budget ? evaluate(parseBudget(budget, 'b.json'), entries) : [] };
}

const BUDGET = JSON.stringify({ assertions: { LCP: 2500, errors: 0 }, urls: { '*checkout*': { 'span:GET /api/*': 250 } } });

describe('junitXml', () => {
  it('writes a testsuite per URL and a testcase per assertion, the failures marked and counted', () => {
    const root = parseXml(junitXml(shopReport(BUDGET)));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '3' });
    expect(root.children.map((suite) => [suite.name, suite.attributes.name, suite.attributes.tests, suite.attributes.failures])).toEqual([
      ['testsuite', 'https://shop.example', '2', '1'],
      ['testsuite', 'https://shop.example/checkout', '3', '2'],
    ]);
    const cases = root.children[1]!.children;
    expect(cases.map((c) => [c.attributes.classname, c.attributes.name, c.children.map((f) => f.name)])).toEqual([
      ['https://shop.example/checkout', 'LCP', []],
      ['https://shop.example/checkout', 'errors', ['failure']],
      ['https://shop.example/checkout', 'span:GET /api/*', ['failure']],
    ]);
    const failure = cases[2]!.children[0]!;
    expect(failure.attributes.message).toBe('span:GET /api/* p75 300 ms > 250 ms');
    expect(failure.text).toBe('span:GET /api/* p75 300 ms > 250 ms');
  });

  it('writes a testsuite with no testcases per URL without a budget', () => {
    const root = parseXml(junitXml(shopReport(undefined)));
    expect(root.attributes).toMatchObject({ tests: '0', failures: '0' });
    expect(root.children.map((suite) => [suite.attributes.name, suite.attributes.tests, suite.children.length])).toEqual([
      ['https://shop.example', '0', 0],
      ['https://shop.example/checkout', '0', 0],
    ]);
  });

  it('escapes markup and drops what XML 1.0 forbids, from URLs and messages alike', () => {
    const failed: AssertionResult = { url: HOSTILE, metric: `span:${HOSTILE}`, aggregate: 'p75', limit: 1, actual: 2, passed: false, message: HOSTILE };
    const xml = junitXml({ urls: [{ url: HOSTILE, runs: [], metrics: {} }], assertions: [failed] });
    const root = parseXml(xml);
    const suite = root.children[0]!;
    expect(suite.attributes.name).toBe(KEPT);
    expect(suite.children[0]!.attributes.classname).toBe(KEPT);
    expect(suite.children[0]!.attributes.name).toBe(`span:${KEPT}`);
    expect(suite.children[0]!.children[0]!.attributes.message).toBe(KEPT);
    expect(suite.children[0]!.children[0]!.text).toBe(KEPT);
  });

  it('keeps a surrogate pair, which is a character XML allows', () => {
    expect(xmlText('😀 \ud800 \udfff')).toBe('😀 \ufffd \ufffd');
    expect(() => parseXml(`<a b="${'<'}"/>`)).toThrow();
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow();
  });
});

describe('jsonReport', () => {
  it('gives per URL and metric each run’s value and the aggregates, and each assertion’s result', () => {
    const report = jsonReport(shopReport(BUDGET, ['https://shop.example/checkout'])) as {
      urls: { url: string; runs: number; metrics: Record<string, unknown>; assertions: unknown[] }[];
      assertions: unknown;
    };
    const [entry] = report.urls;
    expect(entry!.url).toBe('https://shop.example/checkout');
    expect(entry!.runs).toBe(2);
    expect(Object.keys(entry!.metrics)).toEqual(['LCP', 'FCP', 'CLS', 'INP', 'TTFB', 'errors', 'requests', 'transferKilobytes', 'span:GET /api/*']);
    expect(entry!.metrics.LCP).toEqual({ values: [1800, 1800], median: 1800, p75: 1800, max: 1800 });
    expect(entry!.metrics.INP).toEqual({ values: [null, null], median: null, p75: null, max: null });
    expect(entry!.assertions).toEqual([
      { metric: 'LCP', aggregate: 'p75', limit: 2500, actual: 1800, passed: true, message: 'LCP p75 1800 ms ≤ 2500 ms' },
      { metric: 'errors', aggregate: 'p75', limit: 0, actual: 3, passed: false, message: 'errors p75 3 > 0' },
      { metric: 'span:GET /api/*', aggregate: 'p75', limit: 250, actual: expect.closeTo(300, 6), passed: false, message: 'span:GET /api/* p75 300 ms > 250 ms' },
    ]);
    expect(report.assertions).toEqual({ total: 3, passed: 1, failed: 2 });
  });

  it('orders the metrics the same whatever order they came in, and says null for what JSON cannot hold', () => {
    const metrics = { 'span:b': summarize([1]), errors: summarize([0]), 'span:a': summarize([2]), LCP: { values: [NaN, Infinity], median: NaN, p75: Infinity, max: -Infinity } };
    const json = jsonReport({ urls: [{ url: 'https://a/', runs: [], metrics }], assertions: [] }) as { urls: { metrics: Record<string, unknown> }[] };
    expect(Object.keys(json.urls[0]!.metrics)).toEqual(['LCP', 'errors', 'span:a', 'span:b']);
    expect(json.urls[0]!.metrics.LCP).toEqual({ values: [null, null], median: null, p75: null, max: null });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
