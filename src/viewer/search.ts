/**
 * The viewer's search language, over the spans of a trace:
 *
 *   GET checkout            free text: in the name, status message or any attribute value
 *   name:LCP                a field or attribute contains the value (case-insensitive)
 *   http.response.status_code:404
 *   status:error            status is error, ok or unset
 *   duration>200ms          comparisons (> >= < <= =) on duration (ns, us, ms, s, m; ms if none)
 *   http.response.status_code>=400   or on any numeric attribute
 *   is:error is:root is:slow is:third-party  shortcuts (slow: SLOW_MS or longer)
 *   -is:root  -"text"       a leading minus negates a term; quotes keep spaces
 *
 * Every term must match (AND). An unknown `is:` or a comparison that is not a number is an
 * error, reported with the term, and matches nothing.
 */
import { durationMs, type SpanRecord } from '../protocol/span';

export interface Query {
  /** The terms as written, for display. */
  terms: string[];
  error?: string;
  matches(span: SpanRecord): boolean;
}

type Test = (span: SpanRecord) => boolean;

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3 };
const COMPARISON = /^([\w.@-]+)(>=|<=|>|<|=)(.+)$/;

/** Splits on spaces, keeping quoted parts together (the quotes removed). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && /\s/.test(ch)) {
      tokens.push(current);
      current = '';
    } else current += ch;
  }
  tokens.push(current);
  return tokens.filter((t) => t !== '' && t !== '-');
}

/** A duration in ms from `200ms`, `1.5s`, `300` (ms); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m)?$/i.exec(text.trim());
  return m ? Number(m[1]) * UNITS[(m[2] ?? 'ms').toLowerCase()]! : undefined;
}

const contains = (value: unknown, needle: string) => String(value).toLowerCase().includes(needle);

/** The host a span talked to, when it is not the page's host. */
export function isThirdParty(span: SpanRecord): boolean {
  const server = span.attributes['server.address'];
  if (typeof server !== 'string' || !server) return false;
  try {
    const page = new URL(span.pageUrl).hostname;
    const site = (host: string) => host.split('.').slice(-2).join('.');
    return site(server) !== site(page);
  } catch {
    return false;
  }
}

/** What the viewer and the panel call a slow span (ms): the `is:slow` shortcut and the Slow quick filter. */
export const SLOW_MS = 1000;

const SHORTCUTS: Record<string, Test> = {
  error: (s) => s.status.code === 2,
  root: (s) => !s.parentSpanId,
  slow: (s) => durationMs(s) >= SLOW_MS,
  'third-party': isThirdParty,
};

function fieldValue(span: SpanRecord, key: string): unknown {
  switch (key) {
    case 'name':
      return span.name;
    case 'trace':
    case 'traceid':
      return span.traceId;
    case 'span':
    case 'spanid':
      return span.spanId;
    case 'parent':
      return span.parentSpanId ?? '';
    case 'message':
      return span.status.message ?? '';
    default:
      return span.attributes[key];
  }
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return a === b;
  }
}

function term(token: string): Test | string {
  const comparison = COMPARISON.exec(token);
  if (comparison) {
    const [, key, op, raw] = comparison as unknown as [string, string, string, string];
    if (key === 'duration') {
      const ms = parseDuration(raw);
      if (ms === undefined) return `"${token}": ${raw} is not a duration (e.g. 200ms, 1.5s)`;
      return (s) => compare(durationMs(s), op, ms);
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) return `"${token}": ${raw} is not a number`;
    return (s) => {
      const v = fieldValue(s, key);
      return typeof v === 'number' && compare(v, op, n);
    };
  }
  const colon = token.indexOf(':');
  if (colon > 0) {
    const key = token.slice(0, colon);
    const needle = token.slice(colon + 1).toLowerCase();
    if (key === 'is') return SHORTCUTS[needle] ?? `"${token}": is: takes error, root, slow or third-party`;
    if (key === 'status') {
      const code = { error: 2, ok: 1, unset: 0 }[needle];
      return code === undefined ? `"${token}": status is error, ok or unset` : (s) => s.status.code === code;
    }
    return (s) => {
      const v = fieldValue(s, key);
      return v !== undefined && contains(v, needle);
    };
  }
  const needle = token.toLowerCase();
  return (s) =>
    contains(s.name, needle) ||
    (s.status.message !== undefined && contains(s.status.message, needle)) ||
    Object.values(s.attributes).some((v) => contains(v, needle));
}

export function parseQuery(text: string): Query {
  const terms = tokenize(text);
  const tests: Test[] = [];
  for (const token of terms) {
    const negated = token.startsWith('-') && token.length > 1;
    const t = term(negated ? token.slice(1) : token);
    if (typeof t === 'string') return { terms, error: t, matches: () => false };
    tests.push(negated ? (s) => !t(s) : t);
  }
  return { terms, matches: (span) => tests.every((t) => t(span)) };
}
