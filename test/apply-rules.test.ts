/**
 * Ingest's span rules step (src/background/apply-rules.ts), and what the store, its page-view
 * index and the viewer make of a batch whose root a drop condition took out.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RULES_BUDGET_MS, SpanRules } from '../src/background/apply-rules';
import { foldPageViews } from '../src/page-view';
import type { SpanRecord } from '../src/protocol/span';
import type { RuleSource } from '../src/rules/rules';
import { readStatus, STATUS_KEY, type RulesStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { spansOfTrace } from '../src/store/queries';
import { storeBatch } from '../src/store/write-spans';
import { tabPageViews } from '../src/viewer/tab-page-views';
import { layoutTrace } from '../src/viewer/trace';
import { makeSpan } from './support/spans';

const BROWSER = { userAgent: 'Mozilla/5.0 (test)', sdkVersion: '0.1.0', language: 'en-GB' };

/** SpanRules whose status reports are kept, on `clock` if given. */
function rulesWith(clock?: () => number) {
  const reports: RulesStatus[] = [];
  const rules = new SpanRules(BROWSER, { clock, report: (r) => reports.push(r) });
  return { rules, reports, last: () => reports.at(-1)! };
}

const batch = (n: number, fields: Partial<SpanRecord> = {}) => Array.from({ length: n }, (_, i) => makeSpan(i, { name: `GET /items/${i}`, ...fields }));

describe('span rules in ingest', () => {
  it('passes a batch through untouched when there are no rules, and says once that none is off', () => {
    const { rules, reports } = rulesWith();
    const spans = batch(3);
    const none: RuleSource = { drop: [], transform: [] };
    expect(rules.apply(none, spans)).toEqual({ spans, dropped: 0 });
    expect(rules.apply({ drop: [], transform: [] }, spans).spans).toBe(spans);
    expect(reports).toEqual([{ problems: [], errors: 0 }]);
  });

  it('drops the spans a condition matches and transforms the others, reading the resource export sends', () => {
    const { rules } = rulesWith();
    const spans = batch(3);
    spans[1]!.attributes['url.full'] = 'https://api.example/health';
    const result = rules.apply(
      {
        drop: ['IsMatch(attributes["url.full"], "/health$")'],
        transform: [
          'set(attributes["service"], resource.attributes["service.name"])',
          'set(attributes["ua"], resource.attributes["user_agent.original"])',
          'delete_key(attributes, "http.response.status_code")',
        ],
      },
      spans,
    );
    expect(result.dropped).toBe(1);
    expect(result.spans.map((s) => s.name)).toEqual(['GET /items/0', 'GET /items/2']);
    expect(result.spans[0]!.attributes).toEqual({ 'url.full': 'https://api.example/items', service: 'shop.example', ua: 'Mozilla/5.0 (test)' });
    // The input is never changed: a span a statement changed is a new object.
    expect(spans[0]!.attributes['http.response.status_code']).toBe(200);
  });

  it('leaves out a statement that does not compile, runs the others, and lists it with where it fails', () => {
    const { rules, last } = rulesWith();
    const result = rules.apply({ drop: ['name ==', 'name == "GET /items/1"'], transform: ['set(attributes["a"], 1)', 'set(name "x")'] }, batch(2));
    expect(result.spans.map((s) => [s.name, s.attributes.a])).toEqual([['GET /items/0', 1]]);
    expect(last().problems).toEqual([
      { list: 'drop', index: 0, statement: 'name ==', line: 1, column: 8, message: 'expected a value but found the end of the statement' },
      { list: 'transform', index: 1, statement: 'set(name "x")', line: 1, column: 10, message: "expected ',' or ')' but found '\"x\"'" },
    ]);
  });

  it('counts statements that fail on a span, names the first, and starts the count again when the rules change', () => {
    const { rules, reports, last } = rulesWith();
    const source: RuleSource = { drop: [], transform: ['set(attributes["n"], Int("x"))', 'set(attributes["ok"], true)', 'set(attributes["s"], Substring(name, 0, 400))'] };
    const [span] = rules.apply(source, batch(1)).spans;
    expect(span!.attributes.ok).toBe(true);
    rules.apply({ ...source }, batch(2)); // equal rules in a new settings object: the count goes on
    expect(last()).toMatchObject({ errors: 3, firstError: { list: 'transform', index: 2, statement: 'set(attributes["s"], Substring(name, 0, 400))', message: expect.stringContaining('substring') } });
    const written = reports.length;
    rules.apply({ drop: [], transform: ['set(attributes["ok"], true)'] }, batch(1));
    expect(reports.length).toBe(written + 1);
    expect(last()).toEqual({ problems: [], errors: 0 });
  });

  it('switches the rules off over their budget twice in a row, storing what they did not reach as it came, until they change', () => {
    let now = 0;
    let step = RULES_BUDGET_MS / 2 + 1;
    const { rules, last } = rulesWith(() => (now += step));
    const source: RuleSource = { drop: ['name == "GET /items/0"'], transform: ['set(attributes["seen"], true)'] };
    const spans = batch(5);
    const first = rules.apply(source, spans);
    // Two spans ran before the clock passed the budget; the three after are as they came.
    expect(first.dropped).toBe(1);
    expect(first.spans).toHaveLength(4);
    expect(first.spans[0]!.attributes.seen).toBe(true);
    expect(first.spans.slice(1)).toEqual(spans.slice(2));
    // Once may be a cold start: still on. Over again, off.
    expect(last().off).toBeUndefined();
    expect(rules.apply(source, batch(5)).spans).toHaveLength(4);
    expect(last().off).toEqual({ ms: expect.any(Number), at: expect.any(Number), reason: expect.stringContaining(`over the budget of ${RULES_BUDGET_MS} ms`) });
    // Off: later batches are stored whole and as they came, the clock never read.
    const later = batch(3, { name: 'GET /items/0' });
    const before = now;
    expect(rules.apply({ ...source }, later)).toEqual({ spans: later, dropped: 0 });
    expect(now).toBe(before);
    // Changed rules are tried again.
    step = 0;
    expect(rules.apply({ drop: source.drop, transform: [] }, later).dropped).toBe(3);
    expect(last().off).toBeUndefined();
  });
});

describe('the rules in the status', () => {
  it('are written to the stored status by default, and read back checked', async () => {
    fakeBrowser.reset();
    new SpanRules(BROWSER).apply({ drop: ['name =='], transform: [] }, batch(1));
    await vi.waitFor(async () => expect((await readStatus()).rules.problems).toEqual([expect.objectContaining({ list: 'drop', index: 0, statement: 'name ==' })]));
    // storage.local is open to content scripts: what is malformed there is left out.
    await fakeBrowser.storage.local.set({
      [STATUS_KEY]: { rules: { problems: [{ list: 'other', index: 0 }, 'x'], errors: 'many', firstError: { list: 'drop' }, off: { ms: 1, at: 2, reason: 'r' } } },
    });
    expect((await readStatus()).rules).toEqual({ problems: [], errors: 0, off: { ms: 1, at: 2, reason: 'r' } });
    await fakeBrowser.storage.local.set({ [STATUS_KEY]: { rules: 'off' } });
    expect((await readStatus()).rules).toEqual({ problems: [], errors: 0 });
  });
});

describe('a page view whose root a drop condition took out', () => {
  let db: SpanlightDB;
  afterEach(() => db?.delete());

  it('is stored, indexed and laid out from the spans that are left', async () => {
    db = new SpanlightDB(`apply-rules-${Math.random()}`);
    const root = makeSpan(0, { name: 'documentLoad', parentSpanId: undefined, kind: 0, attributes: { 'url.full': 'https://shop.example/cart?x=1' } });
    const child = makeSpan(5, { traceId: root.traceId, parentSpanId: root.spanId });
    const grandchild = makeSpan(6, { traceId: root.traceId, parentSpanId: child.spanId, status: { code: 2 } });
    const { spans, dropped } = rulesWith().rules.apply({ drop: ['name == "documentLoad"'], transform: [] }, [root, child, grandchild]);
    expect(dropped).toBe(1);
    expect(await storeBatch(db, 'batch-1', spans, { runId: 'r', tabId: 1, origin: 'https://shop.example' })).toBe(2);
    const row = (await db.pageViews.get(root.traceId))!;
    // No root: the row names the page it was captured on, as it does until a root arrives.
    expect(row).toMatchObject({ root: '', url: 'https://shop.example/cart', origin: 'https://shop.example', spans: 2, errors: 1 });
    expect(foldPageViews(new Map(), spans, { runId: 'r', tabId: 1 }, 0).get(root.traceId)).toEqual(row);
    const stored = await spansOfTrace(db, root.traceId);
    const layout = layoutTrace(stored);
    // The orphan becomes a root of the waterfall, its child under it.
    expect(layout.rows.map((r) => [r.span.spanId, r.depth, r.parent])).toEqual([
      [child.spanId, 0, -1],
      [grandchild.spanId, 1, 0],
    ]);
    const [view] = tabPageViews(stored, 1);
    expect(view).toMatchObject({ row: { traceId: root.traceId, root: '' }, spans: [grandchild, child] });
    expect(view!.frameOf).toBeUndefined();
  });

  it('stores nothing for a batch the rules dropped whole', async () => {
    db = new SpanlightDB(`apply-rules-${Math.random()}`);
    const { spans } = rulesWith().rules.apply({ drop: ['true'], transform: [] }, batch(2));
    expect(await storeBatch(db, 'batch-2', spans, { runId: 'r', tabId: 1, origin: 'https://shop.example' })).toBe(0);
    expect(await db.batches.count()).toBe(0);
  });
});
