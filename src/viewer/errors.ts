/**
 * A trace's errors as the viewer lists them: a failed request (method, URL, status), an
 * exception (Spanlight's exception spans, and the `exception` span events other OpenTelemetry
 * SDKs record: https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/), or
 * any other span with an error status; the same error (type, message and top stack frame)
 * grouped with a count.
 */
import { hrTimeToMs, StatusCode, type Attributes, type SpanRecord } from '../protocol/span';
import type { TraceLayout } from './trace';
import { statusText } from './http-status';

/** One error of a span. `stack` keeps its line breaks. */
export interface SpanError {
  type: string;
  message: string;
  stack?: string;
  /** Unix ms it happened (an event's time, or the span's end). */
  time: number;
}

/** An error of a trace's row. */
export interface TraceError extends SpanError {
  row: number;
}

/** The errors alike: the first and last seen, how many, and every row they happened in. */
export interface ErrorGroup {
  first: TraceError;
  last: TraceError;
  count: number;
  rows: number[];
}

const text = (value: unknown): string => (value === undefined ? '' : String(value));

function exceptionOf(attributes: Attributes, time: number): SpanError {
  const error: SpanError = { type: text(attributes['exception.type']), message: text(attributes['exception.message']), time };
  const stack = attributes['exception.stacktrace'];
  if (typeof stack === 'string' && stack) error.stack = stack;
  return error;
}

/** A request that failed: `GET https://… → 404 Not Found`, or the network error it met. */
function requestError(span: SpanRecord, time: number): SpanError {
  const a = span.attributes;
  const code = a['http.response.status_code'];
  const reason = a['error.type'];
  const outcome = typeof code === 'number' && code > 0 ? statusText(code) : text(span.status.message || reason || 'no response');
  const type = typeof code === 'number' && code >= 400 ? `HTTP ${code}` : text(reason || 'request failed');
  return { type, message: `${text(a['http.request.method'] ?? span.name)} ${text(a['url.full'])} → ${outcome}`, time };
}

/** The errors of `span`: its exception events, else its own exception or failure; none for a span that went well. */
export function spanErrors(span: SpanRecord): SpanError[] {
  const a = span.attributes;
  // Most spans went well: told without allocating (the viewer counts a million spans' errors as they arrive).
  if (!span.events.length && span.status.code !== StatusCode.ERROR && a['exception.type'] === undefined && a['exception.message'] === undefined) return [];
  const events = span.events.filter((e) => e.name === 'exception');
  if (events.length) return events.map((e) => exceptionOf(e.attributes ?? {}, hrTimeToMs(e.time)));
  const end = hrTimeToMs(span.end);
  if (a['exception.type'] !== undefined || a['exception.message'] !== undefined) return [exceptionOf(a, end)];
  if (span.status.code !== StatusCode.ERROR) return [];
  if (a['http.request.method'] !== undefined) return [requestError(span, end)];
  return [{ type: text(a['error.type']), message: span.status.message || span.name, time: end }];
}

/** Every error of the trace, in row order. */
export function traceErrors(layout: TraceLayout): TraceError[] {
  const errors: TraceError[] = [];
  layout.rows.forEach((row, i) => {
    for (const error of spanErrors(row.span)) errors.push({ ...error, row: i });
  });
  return errors;
}

/**
 * The stack's top frame: the first line that names a place (`at f (url:1:2)` in V8 and Java,
 * `f@url:1:2` in Firefox and Safari), else its second line (the first often repeats the message).
 */
export function topFrame(stack: string | undefined): string {
  const lines = (stack ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  // `@` then `:digit` later in the line, found without a backtracking `.*` (a stack is the page's: 16 KB of `@` took 120 ms).
  const names = (l: string) => /^at\s/.test(l) || (l.includes('@') && /:\d/.test(l.slice(l.indexOf('@'))));
  return lines.find(names) ?? lines[1] ?? '';
}

/** Errors grouped by type, message and top frame, in order of their first occurrence (by time). */
export function groupErrors(errors: readonly TraceError[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup & { seen: Set<number> }>();
  for (const error of errors) {
    const key = JSON.stringify([error.type, error.message, topFrame(error.stack)]);
    const group = groups.get(key);
    if (!group) groups.set(key, { first: error, last: error, count: 1, rows: [error.row], seen: new Set([error.row]) });
    else {
      group.count++;
      if (error.time < group.first.time) group.first = error;
      if (error.time >= group.last.time) group.last = error;
      if (!group.seen.has(error.row)) group.seen.add(error.row), group.rows.push(error.row);
    }
  }
  return [...groups.values()].map(({ seen: _, ...group }) => group).sort((a, b) => a.first.time - b.first.time);
}
