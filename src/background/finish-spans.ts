/**
 * Ingest's step between the limits and the store: what was left out is told in the page view's
 * own trace (a `spanlight.dropped` span), the user's redaction rules are applied, and each span
 * is stamped with its session and tab; the first span of activity that began a session says so.
 */
import type { PageContext } from '../protocol/bridge';
import type { SpanRecord } from '../protocol/span';
import { redactSpans, type Redactor } from '../redaction';
import { droppedSpan } from './dropped-span';
import type { SessionTouch } from './session';
import { SESSION_PREVIOUS_END, SESSION_PREVIOUS_ID, SESSION_START } from '../otlp/session-events';
import { DOCUMENT_URL } from '../otlp/document-url';

/**
 * Attributes only the background writes: the session marks, and the document's URL, which export
 * adds from the span's page. A frame that makes its own spans could set them; they go.
 */
const BACKGROUND_KEYS = [SESSION_START, SESSION_PREVIOUS_ID, SESSION_PREVIOUS_END, DOCUMENT_URL];

export interface Finish {
  page: PageContext;
  /** The page URL as the core redacted it, for the dropped span. */
  pageUrl: string;
  /** Spans and events left out on the way (0: no dropped span). */
  lost: number;
  redact: Redactor | undefined;
  session: SessionTouch;
  tabId: number;
}

/** `spans`, finished in place (and returned), the dropped span added when something was lost. */
export function finishSpans(spans: SpanRecord[], { page, pageUrl, lost, redact, session, tabId }: Finish): SpanRecord[] {
  if (lost) spans.push(droppedSpan(page, lost, pageUrl));
  if (redact) redactSpans(spans, redact);
  for (const span of spans) {
    for (const key of BACKGROUND_KEYS) delete span.attributes[key];
    span.attributes['session.id'] = session.id;
    span.attributes['spanlight.tab.id'] = tabId;
  }
  const first = spans[0];
  if (first && session.started) {
    first.attributes[SESSION_START] = true;
    if (session.started.previousId) first.attributes[SESSION_PREVIOUS_ID] = session.started.previousId;
    if (session.started.previousEndedAt) first.attributes[SESSION_PREVIOUS_END] = session.started.previousEndedAt;
  }
  return spans;
}
