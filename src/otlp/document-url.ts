/**
 * `browser.document.url.full` (semantic-conventions #3633): the URL of the document a span or
 * event belongs to, on every one sent, so a backend can tell which page a request, a long frame or
 * an error came from without walking up to the page view's root. Taken from the span's own
 * `pageUrl` (already redacted in storage) as it is encoded, so the store does not keep it twice.
 */
import type { SpanRecord } from '../protocol/span';

export const DOCUMENT_URL = 'browser.document.url.full';

/**
 * The URL to add to `span` as it is sent, or undefined: none for a span that has it already, that
 * has no page, or that was imported (written back as it was read).
 */
export function documentUrlOf(span: SpanRecord): string | undefined {
  if (!span.pageUrl || span.resource || span.attributes[DOCUMENT_URL] !== undefined) return undefined;
  return span.pageUrl;
}
