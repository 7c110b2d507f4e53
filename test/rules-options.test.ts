import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_STATEMENTS } from '../src/rules/rule-source';
import { formatRuleText, parseRuleText, ruleTextProblems } from '../src/rules/rule-text';
import { diffSpan, previewRows } from '../src/rules/span-diff';
import { applyRules, compileRules } from '../src/rules/rules';
import { SpanlightDB } from '../src/store/db';
import { latestSpans } from '../src/store/queries';
import { storeBatch } from '../src/store/write-spans';
import { makeSpan } from './support/spans';

const texts = (drop: string, transform = '') => ({ drop: parseRuleText(drop), transform: parseRuleText(transform) });
const NO_POLICY = { drop: [], transform: [] };

describe('the rules as the options page edits them', () => {
  it('reads a statement a line, an indented line continuing it, blank lines left out', () => {
    expect(parseRuleText('name == "a"\n\n  \nset(name,\n    "b")\n\tand more\nkind == 1  \n')).toEqual({
      statements: ['name == "a"', 'set(name,\n    "b")\n\tand more', 'kind == 1'],
      lines: [1, 4, 7],
    });
    // A blank line ends a statement: an indented line after it starts the next.
    expect(parseRuleText('a\n\n  b').statements).toEqual(['a', 'b']);
    expect(parseRuleText('')).toEqual({ statements: [], lines: [] });
  });

  it('writes statements back so that they read the same, a line that was not indented indented', () => {
    const statements = ['name == "a"', 'set(name,\n    "b")', 'set(attributes["x"],\n"y")'];
    const text = formatRuleText(statements);
    expect(text).toBe('name == "a"\nset(name,\n    "b")\nset(attributes["x"],\n  "y")');
    expect(parseRuleText(text).statements).toEqual(['name == "a"', 'set(name,\n    "b")', 'set(attributes["x"],\n  "y")']);
  });

  it("tells each problem by the user's statement number and the box's line and column", () => {
    const problems = ruleTextProblems(NO_POLICY, texts('name == "a"\nname ==', 'set(attributes["a"], 1)\n\nset(name,\n  "x" "y")'));
    expect(problems).toEqual([
      { list: 'drop', statement: 2, line: 2, column: 8, message: 'expected a value but found the end of the statement' },
      { list: 'transform', statement: 2, line: 4, column: 7, message: expect.stringContaining("found '\"y\"'") },
    ]);
    expect(ruleTextProblems(NO_POLICY, texts('name == "a"'))).toEqual([]);
  });

  it("leaves the organization's statements' problems to the status, and counts them toward the limit", () => {
    const policy = { drop: ['name ==', 'name == "x"'], transform: [] };
    expect(ruleTextProblems(policy, texts('kind =='))).toEqual([expect.objectContaining({ list: 'drop', statement: 1, line: 1, column: 8 })]);
    const many = Array.from({ length: MAX_STATEMENTS - 1 }, (_, i) => `name == "${i}"`).join('\n');
    expect(ruleTextProblems(policy, texts(many))).toEqual([
      { list: 'drop', statement: MAX_STATEMENTS - 1, line: MAX_STATEMENTS - 1, column: 1, message: `at most ${MAX_STATEMENTS - 2} drop statements of your own: your organization sets 2` },
    ]);
  });
});

describe('the preview of the rules on stored spans', () => {
  it('tells each field a statement changed, added or removed, and nothing for a span left as it was', () => {
    const before = makeSpan(0, { name: 'GET /items/42', attributes: { a: 1, b: '1', gone: true } });
    const { rules } = compileRules({
      drop: [],
      transform: ['replace_pattern(name, "/\\\\d+", "/{id}")', 'set(attributes["a"], "1")', 'delete_key(attributes, "gone")', 'set(attributes["new"], 2.5)', 'set(status.code, STATUS_CODE_ERROR)'],
    });
    const [after] = applyRules(rules, [before], { budgetMs: 100 }).spans;
    expect(diffSpan(before, after!)).toEqual([
      { field: 'name', kind: 'changed', before: '"GET /items/42"', after: '"GET /items/{id}"' },
      { field: 'status.code', kind: 'changed', before: '0', after: '2' },
      { field: 'attributes["a"]', kind: 'changed', before: '1', after: '"1"' },
      { field: 'attributes["gone"]', kind: 'removed', before: 'true', after: undefined },
      { field: 'attributes["new"]', kind: 'added', before: undefined, after: '2.5' },
    ]);
    expect(diffSpan(before, before)).toEqual([]);
    expect(diffSpan(before, structuredClone(before))).toEqual([]);
  });

  it('pairs each span with what the rules made of it, the dropped ones marked', () => {
    const spans = [makeSpan(0, { name: 'a' }), makeSpan(1, { name: 'b' }), makeSpan(2, { name: 'c' })];
    const { rules } = compileRules({ drop: ['name == "b"'], transform: ['set(name, "C") where name == "c"'] });
    const rows = previewRows(spans, applyRules(rules, spans, { budgetMs: 100 }).spans);
    expect(rows.map((r) => (r.dropped ? 'dropped' : r.changes.map((c) => c.after).join()))).toEqual(['', 'dropped', '"C"']);
  });
});

describe('the spans stored last', () => {
  let db: SpanlightDB;
  afterEach(() => db.delete());

  it('are the newest captured ones, oldest first, imported spans left out', async () => {
    db = new SpanlightDB(`rule-text-${Math.random()}`);
    const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 7 }, (_, i) => makeSpan(b * 10 + i, { name: `${b}.${i}` })));
    for (const [b, spans] of batches.entries()) await storeBatch(db, `batch-${b}`, spans, { runId: 'r', tabId: 1, origin: 'https://shop.example' }, b === 29 ? 1 : 0);
    const latest = await latestSpans(db, 100);
    expect(latest).toHaveLength(100);
    // Batch 29 was imported: the newest captured are batch 28's, and the 100th from the end is in batch 14.
    expect(latest.at(-1)!.name).toBe('28.6');
    expect(latest[0]!.name).toBe('14.5');
    expect(await latestSpans(db, 3)).toEqual(batches[28]!.slice(4));
    expect((await latestSpans(db, 1000)).length).toBe(29 * 7);
  });
});
