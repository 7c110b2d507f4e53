/**
 * Ingest's step between the limits and the store: what was left out is told in the page view's
 * own trace (a `spanlight.dropped` span), the user's redaction rules are applied, and each span
 * is stamped with its session and tab.
 */
import type { PageContext } from '../protocol/bridge';
import type { SpanRecord } from '../protocol/span';
import { redactSpans, type Redactor } from '../redaction';
import { droppedSpan } from './dropped-span';

export interface Finish {
  page: PageContext;
  /** The page URL as the core redacted it, for the dropped span. */
  pageUrl: string;
  /** Spans and events left out on the way (0: no dropped span). */
  lost: number;
  redact: Redactor | undefined;
  session: string;
  tabId: number;
}

/** `spans`, finished in place (and returned), the dropped span added when something was lost. */
export function finishSpans(spans: SpanRecord[], { page, pageUrl, lost, redact, session, tabId }: Finish): SpanRecord[] {
  if (lost) spans.push(droppedSpan(page, lost, pageUrl));
  if (redact) redactSpans(spans, redact);
  for (const span of spans) {
    span.attributes['session.id'] = session;
    span.attributes['spanlight.tab.id'] = tabId;
  }
  return spans;
}
