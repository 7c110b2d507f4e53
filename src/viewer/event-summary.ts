/**
 * One line of text for an event Spanlight sends as a log record (src/otlp/events.ts): what the
 * viewer's Events tab shows beside its name. Text only: the views render it as text, never as
 * markup, so a page's strings stay strings.
 */
import type { Attributes } from '../protocol/span';
import { formatDuration } from '../format';

const str = (a: Attributes, key: string) => (typeof a[key] === 'string' && a[key] !== '' ? (a[key] as string) : undefined);
const num = (a: Attributes, key: string) => (typeof a[key] === 'number' ? (a[key] as number) : undefined);
const join = (parts: (string | undefined)[], separator = ' · ') => parts.filter(Boolean).join(separator);

/** A vital's value as web-vitals reports it: CLS a score, the others milliseconds. */
function vitalValue(name: string, value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return name === 'cls' ? value.toFixed(3) : formatDuration(value);
}

type Summarize = (a: Attributes) => string;

const SUMMARIES: Record<string, Summarize> = {
  'browser.web_vital': (a) => {
    const name = str(a, 'browser.web_vital.name') ?? '';
    return join([join([name.toUpperCase(), vitalValue(name, num(a, 'browser.web_vital.value'))], ' '), str(a, 'browser.web_vital.rating')]);
  },
  'browser.navigation': (a) => {
    const kind = a['browser.navigation.same_document'] === true ? (a['browser.navigation.hash_change'] === true ? 'hash change' : 'same document') : 'new document';
    return join([str(a, 'url.full'), str(a, 'browser.navigation.type') ?? kind]);
  },
  'browser.navigation_timing': (a) => {
    const duration = num(a, 'browser.resource_timing.duration');
    return join([str(a, 'browser.navigation_timing.type'), duration === undefined ? undefined : `loaded in ${formatDuration(duration)}`, str(a, 'url.full')]);
  },
  'browser.resource_timing': (a) => {
    const duration = num(a, 'browser.resource_timing.duration');
    return join([str(a, 'browser.resource_timing.initiator_type'), str(a, 'url.full'), duration === undefined ? undefined : formatDuration(duration)]);
  },
  'browser.user_action.click': (a) => str(a, 'browser.css_selector') ?? '',
  exception: (a) => join([str(a, 'exception.type'), str(a, 'exception.message')], ': '),
  'session.start': (a) => join([str(a, 'session.id'), str(a, 'session.previous_id') && `after ${str(a, 'session.previous_id')}`]),
  'session.end': (a) => str(a, 'session.id') ?? '',
};

/** The line for an event named `eventName` with `attributes`; an event of another name gets none (''). */
export function summarizeEvent(eventName: string, attributes: Attributes): string {
  return SUMMARIES[eventName]?.(attributes) ?? '';
}

/** A time relative to the trace's start: `+12.0 ms`, or `−3.00 s` before it (a session's end). */
export function offsetLabel(ms: number): string {
  return ms < 0 ? `−${formatDuration(-ms)}` : `+${formatDuration(ms)}`;
}
