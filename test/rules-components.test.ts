/** The options page's span rules: the editor, the preview and the status, rendered. */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SpanRecord } from '../src/protocol/span';
import { INITIAL_STATUS } from '../src/status';
import { makeSpan } from './support/spans';

const stored = vi.hoisted(() => ({ spans: [] as SpanRecord[] }));
vi.mock('../src/store/reader', () => ({ storeReader: async () => ({}) }));
vi.mock('../src/store/queries', () => ({ latestSpans: async (_db: unknown, limit: number) => stored.spans.slice(-limit) }));
// Node 20 has no navigator; the options page has the browser's.
vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (test)', language: 'en-GB' });
vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);

const { RulesEditor } = await import('../components/RulesEditor');
const { RulesHealth } = await import('../components/RulesHealth');
const { document } = parseHTML('<!doctype html><html><body></body></html>');

let root: Element;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => root.remove());

const text = (testId: string) => root.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
const editor = (drop: string, transform: string, policy = { drop: [] as string[], transform: [] as string[] }) =>
  h(RulesEditor, { drop, transform, policy, marks: () => ({}), onEdit: () => undefined });

describe('the rules editor', () => {
  it('shows each problem as the statements are typed, by statement, line and column', async () => {
    await act(() => render(editor('name == "a"\nname ==', 'set(name,\n  "x" "y")'), root));
    expect(text('rules-drop-problems')).toBe('drop statement 2, line 2, column 8: expected a value but found the end of the statement');
    expect(text('rules-transform-problems')).toContain('transform statement 1, line 2, column 7');
    expect(root.querySelector('textarea[name="rulesDrop"]')!.getAttribute('aria-invalid')).toBe('true');
    await act(() => render(editor('name == "a"', ''), root));
    expect(text('rules-drop-problems')).toBeNull();
  });

  it("previews the rules on the spans stored last: what they drop and each field they change, page strings as text", async () => {
    stored.spans = [
      makeSpan(0, { name: '<img src=x onerror=alert(1)>', attributes: { 'url.full': 'https://api.example/health' } }),
      makeSpan(1, { name: 'GET', attributes: { 'url.full': 'https://api.example/items?token=abc', cookie: 'c' } }),
      makeSpan(2, { name: 'POST', attributes: {} }),
    ];
    await act(() => render(editor('IsMatch(attributes["url.full"], "/health$")', 'replace_pattern(attributes["url.full"], "token=[^&]*", "token=X")\ndelete_key(attributes, "cookie")', { drop: [], transform: ['set(attributes["org"], true) where name == "GET"'] }), root));
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(text('rules-preview-summary')).toMatch(/^1 of 3 would be dropped; 1 changed; 0 failures; [\d.]+ ms\.$/);
    const spans = [...root.querySelectorAll('[data-testid="rules-preview-span"]')].map((li) => li.textContent);
    expect(spans[0]).toBe('<img src=x onerror=alert(1)> dropped');
    expect(spans[1]).toContain('attributes["url.full"] changed: "https://api.example/items?token=abc" → "https://api.example/items?token=X"');
    expect(spans[1]).toContain('attributes["cookie"] removed: "c"');
    expect(spans[1]).toContain('attributes["org"] added: true');
    expect(root.querySelector('img')).toBeNull();
    expect(text('managed-rules-transform')).toBe('Set by your organization, run first: set(attributes["org"], true) where name == "GET"');
  });
});

describe('the rules in the status', () => {
  it('says when they are off, which statements are left out or fail, and counts their drops apart from losses', async () => {
    const status = structuredClone(INITIAL_STATUS);
    status.dropped.rule = 4;
    status.rules = {
      problems: [{ list: 'drop', index: 1, statement: 'name ==', line: 1, column: 8, message: 'expected a value' }],
      errors: 3,
      firstError: { list: 'transform', index: 0, statement: 'set(attributes["n"], Int("x"))', message: 'Int: no int', at: Date.now() },
      off: { ms: 73, at: Date.now(), reason: 'they took 73 ms on a batch of 1000 spans, over the budget of 50 ms' },
    };
    await act(() => render(h(RulesHealth, { status }), root));
    expect(text('rules-off')).toContain('switched off: they took 73 ms on a batch of 1000 spans, over the budget of 50 ms');
    expect(text('rules-problems')).toContain('drop statement 2 ("name =="), line 1, column 8: expected a value');
    expect(text('rules-errors')).toContain('failed 3 times on a span');
    expect(text('rules-errors')).toContain('transform statement 1 ("set(attributes["n"], Int("x"))"): Int: no int');
    expect(text('rules-dropped')).toBe('4 spans dropped by your rules.');
    await act(() => render(h(RulesHealth, { status: INITIAL_STATUS }), root));
    expect(root.textContent).toBe('');
  });
});
