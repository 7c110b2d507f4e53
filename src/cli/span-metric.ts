/**
 * A budget's `span:<pattern>` metric: the longest of a run's spans whose label the pattern
 * matches. A span is labelled by its name, and a fetch or XHR also by `<METHOD> <path>`
 * (`GET /api/items`), so that `span:GET /api/*` limits the page's API calls without their query.
 */
import { SpanKind, durationMs, type SpanRecord } from '../protocol/span';
import { matchGlob } from './glob';

/** A fetch or XHR as the tracer writes it (src/tracer/write-event.ts): a client span with a method. */
export const isHttpClientSpan = (span: SpanRecord): boolean =>
  span.kind === SpanKind.CLIENT && typeof span.attributes['http.request.method'] === 'string';

/** The names a pattern may match a span by. */
export function spanLabels(span: SpanRecord): string[] {
  if (!isHttpClientSpan(span)) return [span.name];
  return [span.name, `${span.attributes['http.request.method']} ${urlPath(span)}`];
}

/** The path of a span's `url.full` (a request's, a resource's), without query or fragment. */
export function urlPath(span: SpanRecord): string {
  const url = String(span.attributes['url.full'] ?? '');
  try {
    return new URL(url, span.pageUrl || undefined).pathname;
  } catch {
    // Not a URL the runtime reads (the core's REDACTED stand-in): up to its query.
    const cut = url.search(/[?#]/);
    return cut < 0 ? url : url.slice(0, cut);
  }
}

/**
 * For each pattern, the longest duration (ms) of the spans labelled as it matches, or null when
 * none is.
 */
export function longestSpans(spans: readonly SpanRecord[], patterns: readonly string[]): (number | null)[] {
  const labelled = spans.map((span) => ({ labels: spanLabels(span), duration: durationMs(span) }));
  return patterns.map((pattern) => {
    let longest: number | null = null;
    for (const { labels, duration } of labelled) {
      if (labels.some((label) => matchGlob(pattern, label)) && (longest === null || duration > longest)) longest = duration;
    }
    return longest;
  });
}
