/**
 * The optional redaction patterns: emails, long digit runs (card, phone and account numbers) and
 * the user's own regular expressions. The tracer core already removes userinfo and the values of
 * secret-named URL parameters on the page side; these run in the background as a batch arrives,
 * before it is stored, on every string a span carries (name, page URL, status message, string
 * attributes, event names). Kept out of the content scripts, whose size every page pays for.
 */
import { asArray, asRecord } from './protocol/check';
import { REDACTED, type Attributes, type SpanRecord } from './protocol/span';
import { TimedPatterns, type DisabledPatterns } from './pattern-budget';
import { backtrackingProblem } from './pattern-safety';
import { redactEmails } from './redact-emails';

export interface RedactionRules {
  /** `ann@example.com`, also percent-encoded (`ann%40example.com`). On by default. */
  emails: boolean;
  /** Nine or more digits, single spaces or dashes between them allowed (`4111 1111 1111 1111`). */
  digits: boolean;
  /** The user's regular expressions (case-insensitive); each match becomes REDACTED. */
  patterns: string[];
  /**
   * Those of `patterns` the organization's policy sets, which fail closed over their time budget
   * (src/pattern-budget.ts). Only the settings in force carry it: it is never stored.
   */
  enforced?: string[];
}

export const DEFAULT_REDACTION: RedactionRules = { emails: true, digits: false, patterns: [] };

export { REDACTED };
/** At most this many patterns, each at most this long. */
export const MAX_PATTERNS = 20;
export const MAX_PATTERN_LENGTH = 200;

/**
 * Linear as it stands: a separator must be followed by a digit, so there is one way to match a
 * run, and a start that fails has read at most nine digits; a run that matches is taken whole.
 */
const DIGITS = /\d(?:[ -]?\d){8,}/g;

/** Why `pattern` cannot be a redaction pattern, or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  const quoted = `pattern "${pattern.slice(0, 40)}"`;
  if (pattern.length > MAX_PATTERN_LENGTH) return `${quoted}: longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    if (new RegExp(pattern).test('')) return `${quoted}: matches the empty string`;
  } catch (error) {
    return `${quoted}: ${(error as Error).message}`;
  }
  const slow = backtrackingProblem(pattern);
  return slow ? `${quoted}: ${slow}` : undefined;
}

/** A compiled set of rules: a string in, the string redacted out. */
export interface Redactor {
  (text: string): string;
  /** Starts a batch: each user pattern's time budget starts again. */
  startBatch?(): void;
  /** Ends a batch: the status learns of patterns turned off for going over their budget. */
  endBatch?(): void;
}

/** For tests: the clock user patterns are timed by, and where turned-off patterns are kept. */
export interface RedactorOptions {
  clock?: () => number;
  disabled?: DisabledPatterns;
}

/**
 * The function that applies `rules` to a string, or undefined when they redact nothing. Unusable
 * patterns are left out; the user's patterns run under a time budget per batch (pattern-budget.ts).
 */
export function redactor(rules: RedactionRules, options: RedactorOptions = {}): Redactor | undefined {
  const sources = rules.patterns.filter((p) => !patternProblem(p));
  if (!rules.emails && !rules.digits && !sources.length) return undefined;
  const own = sources.length ? new TimedPatterns(sources, REDACTED, options.clock, options.disabled, new Set(rules.enforced)) : undefined;
  const redact: Redactor = (text) => {
    // Most strings hold no @: skip the email scan for them.
    if (rules.emails && (text.includes('@') || text.includes('%40'))) text = redactEmails(text, REDACTED);
    if (rules.digits) text = text.replace(DIGITS, REDACTED);
    return own ? own.apply(text) : text;
  };
  if (own) {
    redact.startBatch = () => own.startBatch();
    redact.endBatch = () => own.report();
  }
  return redact;
}

/** Rules from a stored value; defaults for what is malformed, and unusable patterns left out. */
export function parseRedaction(stored: unknown): RedactionRules {
  const r = asRecord(stored);
  return {
    emails: typeof r?.emails === 'boolean' ? r.emails : DEFAULT_REDACTION.emails,
    digits: r?.digits === true,
    patterns: (asArray(r?.patterns, MAX_PATTERNS) ?? []).filter((p): p is string => typeof p === 'string' && !patternProblem(p)),
  };
}

/** Applies `redact` to every string of `spans`, in place; the spans are one batch for the budget. */
export function redactSpans(spans: SpanRecord[], redact: Redactor): void {
  redact.startBatch?.();
  for (const span of spans) {
    span.name = redact(span.name);
    span.pageUrl = redact(span.pageUrl);
    if (span.status.message !== undefined) span.status.message = redact(span.status.message);
    redactAttributes(span.attributes, redact);
    for (const event of span.events) {
      event.name = redact(event.name);
      if (event.attributes) redactAttributes(event.attributes, redact);
    }
  }
  redact.endBatch?.();
}

function redactAttributes(attributes: Attributes, redact: (text: string) => string): void {
  for (const [key, value] of Object.entries(attributes)) if (typeof value === 'string') attributes[key] = redact(value);
}
