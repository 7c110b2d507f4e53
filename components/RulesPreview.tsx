import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { readBrowserInfo, resourceAttributes } from '../src/otlp/resource';
import type { SpanRecord } from '../src/protocol/span';
import type { RuleSource } from '../src/rules/rule-source';
import { applyRules, compileRules } from '../src/rules/rules';
import { previewRows } from '../src/rules/span-diff';
import { latestSpans } from '../src/store/queries';
import { storeReader } from '../src/store/reader';
import { plural } from './format';

/** Spans the preview runs the rules on: the newest stored. */
const PREVIEW_SPANS = 100;
/** The background's budget a batch (src/background/apply-rules.ts): over it there, the rules are switched off. */
const BUDGET_MS = 50;

/**
 * The form's rules (not yet saved) on the last spans stored: how many they would drop, and what
 * they would change in each span, field by field. The spans stored already went through the
 * rules saved when they arrived. Run here, in the page: the rules are pure code.
 */
export function RulesPreview({ rules }: { rules: RuleSource }) {
  const [spans, setSpans] = useState<SpanRecord[]>();
  const [error, setError] = useState<string>();
  const load = () =>
    storeReader()
      .then((db) => latestSpans(db, PREVIEW_SPANS))
      .then((latest) => [setSpans(latest), setError(undefined)])
      .catch((e: unknown) => setError(`Stored spans could not be read: ${(e as Error).message}`));
  useEffect(() => void load(), []);
  const key = JSON.stringify(rules);
  const result = useMemo(() => {
    if (!spans?.length || (!rules.drop.length && !rules.transform.length)) return undefined;
    const info = readBrowserInfo(navigator, browser.runtime.getManifest().version);
    const applied = applyRules(compileRules(rules).rules, spans, { resource: (span) => resourceAttributes(span.pageUrl, info), budgetMs: BUDGET_MS });
    return { ...applied, rows: previewRows(spans, applied.spans) };
  }, [spans, key]);
  const shown = result?.rows.filter((row) => row.dropped || row.changes.length) ?? [];
  return (
    <div class="preview" data-testid="rules-preview">
      <p class="row">
        <span>
          Preview on the {spans ? plural(spans.length, 'span') : 'spans'} stored last
          {spans && !spans.length && ' (none yet: open a page, then refresh)'}
        </span>
        <button type="button" onClick={() => void load()} data-testid="rules-preview-refresh">
          Refresh
        </button>
      </p>
      {error && <p class="error">{error}</p>}
      {result && (
        <>
          <p data-testid="rules-preview-summary">
            {result.dropped} of {spans!.length} would be dropped; {shown.length - result.dropped} changed; {result.errors} failures
            {result.firstError ? ` (first: ${result.firstError.list} statement ${result.firstError.index + 1}: ${result.firstError.message})` : ''};{' '}
            {result.ms.toFixed(1)} ms.
          </p>
          {result.overBudget && (
            <p class="error" data-testid="rules-preview-slow">
              Over the budget of {BUDGET_MS} ms on these spans: the background would switch these rules off.
            </p>
          )}
          <ul class="rules-diff" data-testid="rules-preview-diff">
            {shown.map((row) => (
              <li key={`${row.span.traceId}/${row.span.spanId}`} data-testid="rules-preview-span">
                <code>{row.span.name}</code> {row.dropped ? <strong class="error">dropped</strong> : null}
                {!row.dropped && (
                  <ul>
                    {row.changes.map((c) => (
                      <li key={c.field} class={`diff-${c.kind}`}>
                        {c.field} {c.kind}: {c.kind === 'added' ? c.after : c.kind === 'removed' ? c.before : `${c.before} → ${c.after}`}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
