import { useMemo } from 'preact/hooks';
import { MAX_STATEMENTS, RULE_LISTS, type RuleList, type RuleSource } from '../src/rules/rule-source';
import { parseRuleText, ruleTextProblems, type RuleText, type RuleTextProblem } from '../src/rules/rule-text';
import { RulesPreview } from './RulesPreview';

/** The form's text box of each list, by its name (and the draft's field). */
export const RULE_FIELDS = { drop: 'rulesDrop', transform: 'rulesTransform' } as const satisfies Record<RuleList, string>;

/** The statements typed in the boxes. */
export function ruleTexts(drop: string, transform: string): Record<RuleList, RuleText> {
  return { drop: parseRuleText(drop), transform: parseRuleText(transform) };
}

/** `drop statement 2, line 3, column 8: …`, the line the box's own. */
export function ruleProblemText(p: RuleTextProblem): string {
  return `${p.list} statement ${p.statement}, line ${p.line}, column ${p.column}: ${p.message}`;
}

const LABELS: Record<RuleList, { title: string; placeholder: string }> = {
  drop: {
    title: 'Drop spans matching any of these conditions (not stored, counted as dropped by your rules)',
    placeholder: 'attributes["http.request.method"] == "OPTIONS"\nIsMatch(attributes["url.full"], "/health") and kind == SPAN_KIND_CLIENT',
  },
  transform: {
    title: 'Then run these statements, in order, on each span kept',
    placeholder: 'replace_pattern(attributes["url.full"], "token=[^&]*", "token=REDACTED")\ndelete_key(attributes, "http.request.header.cookie")',
  },
};

interface RulesEditorProps {
  drop: string;
  transform: string;
  /** What the organization's policy sets: run first, shown, not editable. */
  policy: RuleSource;
  /** A field's marks, as the form's other fields get them (invalid after a refused Save). */
  marks: (field: string) => Record<string, unknown>;
  onEdit: (change: Partial<Record<(typeof RULE_FIELDS)[RuleList], string>>) => void;
}

/**
 * The span rules' fieldset: a box per list, each statement's problems shown as it is typed (by
 * the box's line and column), and the preview of the rules on the spans stored last.
 */
export function RulesEditor({ drop, transform, policy, marks, onEdit }: RulesEditorProps) {
  const own = useMemo(() => ruleTexts(drop, transform), [drop, transform]);
  const problems = useMemo(() => ruleTextProblems(policy, own), [policy, own]);
  const inForce: RuleSource = { drop: [...policy.drop, ...own.drop.statements], transform: [...policy.transform, ...own.transform.statements] };
  const text = { drop, transform };
  return (
    <fieldset>
      <legend>Span rules (OTTL)</legend>
      <p class="muted">
        Run on every span after redaction, before it is stored and sent, in the OpenTelemetry Transformation Language as the
        Collector's filter and transform processors take it. One statement a line; a line that starts with a space continues the
        one above. At most {MAX_STATEMENTS} a list. A rule set that takes more than its time budget on a batch is switched off,
        and the status says so.
      </p>
      {RULE_LISTS.map((list) => {
        const mine = problems.filter((p) => p.list === list);
        return (
          <label key={list}>
            <span>{LABELS[list].title}</span>
            {policy[list].length > 0 && (
              <span class="managed" data-testid={`managed-rules-${list}`}>
                Set by your organization, run first: {policy[list].join(' · ')}
              </span>
            )}
            <textarea
              name={RULE_FIELDS[list]}
              rows={4}
              spellcheck={false}
              placeholder={LABELS[list].placeholder}
              value={text[list]}
              {...marks(RULE_FIELDS[list])}
              {...(mine.length ? { 'aria-invalid': true, 'aria-describedby': `rules-${list}-problems` } : {})}
              onInput={(e) => onEdit({ [RULE_FIELDS[list]]: e.currentTarget.value })}
            />
            {mine.length > 0 && (
              <ul class="error" id={`rules-${list}-problems`} data-testid={`rules-${list}-problems`}>
                {mine.map((p) => (
                  <li key={`${p.statement}:${p.line}:${p.column}`}>{ruleProblemText(p)}</li>
                ))}
              </ul>
            )}
          </label>
        );
      })}
      <RulesPreview rules={inForce} />
    </fieldset>
  );
}
