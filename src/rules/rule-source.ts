/**
 * The span rules as the settings hold them (`settings.rules`): two lists of OTTL statements, and
 * their limits. Kept apart from the compiler so that what reads the settings (every UI page)
 * does not carry it.
 */
import { asRecord } from '../protocol/check';

/** The rules as settings hold them. */
export interface RuleSource {
  /** Conditions, as the Collector's filter processor takes them: a span matching any is not stored. */
  drop: string[];
  /** Statements, as its transform processor takes them: run in order on each span before it is stored. */
  transform: string[];
}

export type RuleList = keyof RuleSource;
export const RULE_LISTS: readonly RuleList[] = ['drop', 'transform'];

/** At most this many statements a list, each at most this long. */
export const MAX_STATEMENTS = 100;
export const MAX_STATEMENT_LENGTH = 4000;

/** No rules: what the settings hold by default. */
export const DEFAULT_RULES: RuleSource = { drop: [], transform: [] };

/** Why `statement` cannot be kept in a list at all (not a string, too long), or undefined. */
export function statementEntryProblem(statement: unknown): string | undefined {
  if (typeof statement !== 'string') return 'a statement must be a string';
  if (statement.length > MAX_STATEMENT_LENGTH) return `longer than ${MAX_STATEMENT_LENGTH} characters`;
  if (!statement.trim()) return 'empty';
  return undefined;
}

/**
 * The rules from a stored value: of each list, its first MAX_STATEMENTS entries, the strings of
 * at most MAX_STATEMENT_LENGTH characters among them. A statement that does not compile is kept,
 * so that the options page shows it to be fixed; the rules leave it out when they compile.
 */
export function parseRuleSource(stored: unknown): RuleSource {
  const r = asRecord(stored);
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? Array.from(value.slice(0, MAX_STATEMENTS)).filter((s): s is string => !statementEntryProblem(s)) : [];
  return { drop: list(r?.drop), transform: list(r?.transform) };
}
