/**
 * What each event takes from its span (events.ts links it to the span), and the reads of span
 * attributes the event mappers share: a value of the expected type, or nothing.
 */
import type { Attributes, AttributeValue, HrTime, SpanRecord } from '../protocol/span';

/** OTLP SeverityNumber values the events use. */
export const Severity = { INFO: 9, ERROR: 17 } as const;

/** An event of one span: its name, time, own attributes and severity (INFO when absent). */
export interface Derived {
  eventName: string;
  time: HrTime;
  attributes: Attributes;
  severityNumber?: number;
}

/** The attributes of `pairs` whose value is present, in their order. */
export function present(pairs: Record<string, AttributeValue | undefined>): Attributes {
  const out: Attributes = {};
  for (const key in pairs) if (pairs[key] !== undefined) out[key] = pairs[key]!;
  return out;
}

/** A string that is not empty. */
export const text = (value: AttributeValue | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);
export const num = (value: AttributeValue | undefined) => (typeof value === 'number' ? value : undefined);

/** The URL a span names (`url.full`), else its page's. */
export const urlOf = (span: SpanRecord) => text(span.attributes['url.full']) ?? span.pageUrl;
