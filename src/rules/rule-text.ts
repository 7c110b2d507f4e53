/**
 * The span rules as the options page edits them: one text box a list, a statement a line, and a
 * line that starts with a space or a tab continuing the statement above it (long statements
 * wrap, as in the Collector's YAML); blank lines are left out. Problems are told by the box's
 * own lines, so that the user finds them where they typed.
 */
import { compileRules } from './rules';
import { MAX_STATEMENTS, RULE_LISTS, type RuleList, type RuleSource } from './rule-source';

/** The statements of a box, with the line (1-based) each starts on. */
export interface RuleText {
  statements: string[];
  lines: number[];
}

/** A problem with one of the user's statements, where the box shows it. */
export interface RuleTextProblem {
  list: RuleList;
  /** 1-based, among the user's own statements of the list. */
  statement: number;
  /** 1-based, in the box. */
  line: number;
  column: number;
  message: string;
}

/** The statements of the box's `text`. */
export function parseRuleText(text: string): RuleText {
  const statements: string[] = [];
  const lines: number[] = [];
  let continuing = false;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!line.trim()) {
      continuing = false;
      return;
    }
    if (continuing && /^[ \t]/.test(line)) statements[statements.length - 1] += `\n${line}`;
    else {
      statements.push(line.trimStart());
      lines.push(i + 1);
    }
    continuing = true;
  });
  return { statements, lines };
}

/** The box's text for `statements`: a statement's later lines indented, so that they read back as its own. */
export function formatRuleText(statements: readonly string[]): string {
  return statements.map((s) => s.split('\n').map((line, i) => (i === 0 || /^[ \t]/.test(line) ? line : `  ${line}`)).join('\n')).join('\n');
}

/**
 * The problems of the user's statements `own` (the boxes' texts), compiled after the policy's
 * (which run first, and count toward the limit) as the background will run them.
 */
export function ruleTextProblems(policy: RuleSource, own: Record<RuleList, RuleText>): RuleTextProblem[] {
  const { problems } = compileRules({ drop: [...policy.drop, ...own.drop.statements], transform: [...policy.transform, ...own.transform.statements] });
  const out: RuleTextProblem[] = [];
  for (const list of RULE_LISTS) {
    const room = MAX_STATEMENTS - policy[list].length;
    if (own[list].statements.length > room) {
      const first = own[list].lines[room]!;
      const message = policy[list].length ? `at most ${room} ${list} statements of your own: your organization sets ${policy[list].length}` : `at most ${MAX_STATEMENTS} ${list} statements`;
      out.push({ list, statement: room + 1, line: first, column: 1, message });
    }
  }
  for (const p of problems) {
    const index = p.index - policy[p.list].length;
    // The policy's own problems are the status's to show; past the limit is told once, above.
    if (index < 0 || index >= MAX_STATEMENTS - policy[p.list].length) continue;
    out.push({ list: p.list, statement: index + 1, line: own[p.list].lines[index]! + p.line - 1, column: p.column, message: p.message });
  }
  return out;
}
