import type { RuleRef, Status } from '../src/status';
import { formatAgo, plural } from './format';

/** `drop statement 2 ("name == …")`: where a rule is, 1-based as the options page numbers them. */
const where = (ref: RuleRef) => `${ref.list} statement ${ref.index + 1} ("${ref.statement}")`;

/**
 * How the span rules fare (src/background/apply-rules.ts): switched off over their budget,
 * statements left out because they do not compile, statements failing on spans, and the spans
 * the drop conditions left out, which are not losses.
 */
export function RulesHealth({ status }: { status: Status }) {
  const { off, problems, errors, firstError } = status.rules;
  const ruled = status.dropped.rule;
  return (
    <>
      {off && (
        <p class="error" data-testid="rules-off">
          Your span rules are switched off: {off.reason} ({formatAgo(off.at)}). Spans are stored without them until the rules
          are changed or the extension restarts; fewer or simpler statements avoid this.
        </p>
      )}
      {problems.length > 0 && (
        <p class="error" data-testid="rules-problems">
          Left out of your span rules, as they do not compile:{' '}
          {problems.map((p) => `${where(p)}, line ${p.line}, column ${p.column}: ${p.message}`).join('; ')}. The other statements run.
        </p>
      )}
      {errors > 0 && firstError && (
        <p class="muted" data-testid="rules-errors">
          Span rules failed {plural(errors, 'time')} on a span (the statement is skipped for that span); the first: {where(firstError)}:{' '}
          {firstError.message}.
        </p>
      )}
      {ruled > 0 && (
        <p class="muted" data-testid="rules-dropped">
          {plural(ruled, 'span')} dropped by your rules.
        </p>
      )}
    </>
  );
}
