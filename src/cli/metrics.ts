/**
 * The metrics a budget limits, read from the spans of one run, and their summary over the runs.
 *
 * Vitals come from the URL's own page view (top-page-view.ts); frames report vitals of their own
 * document, which are not the page's. Errors, requests and bytes count every frame: an ad's
 * failed script is the page's failure too.
 */
import { isFrameRoot, VITALS, type VitalName } from '../page-view';
import { StatusCode, type SpanRecord } from '../protocol/span';
import { quantile } from '../viewer/stats';
import { isHttpClientSpan, longestSpans } from './span-metric';
import { pageViewsOf, topPageView } from './top-page-view';
import { METRICS, SPAN_METRIC, type MetricSummary, type TraceRun } from './types';

const isVital = (name: string): name is VitalName => (VITALS as readonly string[]).includes(name);

/**
 * The requests of a run besides its documents: each Resource Timing entry (`resourceFetch`, a
 * frame's document among them, as its parent sees it) and each fetch or XHR. A fetch's own entry
 * is merged into its span, not written as a resourceFetch (src/observe/resources.ts): none is
 * counted twice.
 */
const isRequest = (span: SpanRecord): boolean => span.name === 'resourceFetch' || isHttpClientSpan(span);

/**
 * One run's metrics: every name of METRICS, then `span:<pattern>` for each of `spanPatterns`.
 * A vital the page view did not report is null (INP without an interaction); so is a pattern no
 * span matched.
 */
export function runMetrics(run: TraceRun, spanPatterns: readonly string[]): Record<string, number | null> {
  const views = pageViewsOf(run);
  const top = topPageView(views, run.url);
  const requests = run.spans.filter(isRequest);
  // The top documents themselves (a client-side redirect makes two); frames' are resourceFetch spans.
  const documents = views.filter((view) => !isFrameRoot(view.root) && view.root.name === 'documentLoad').length;
  // Resource Timing's transferSize: the bytes of headers and body that crossed the network (0 from
  // the cache). Not counted, for want of a size on their spans: the top documents' own bytes (the
  // page-load event carries no sizes), cross-origin responses without Timing-Allow-Origin (which
  // report 0), and a fetch or XHR whose entry never came (a body never read, a failed request).
  let bytes = 0;
  for (const span of requests) {
    const size = span.attributes['http.response.size'];
    if (typeof size === 'number' && size > 0) bytes += size;
  }
  const metrics: Record<string, number | null> = {};
  for (const name of METRICS) {
    if (isVital(name)) metrics[name] = top?.row.vitals[name]?.value ?? null;
  }
  metrics.errors = run.spans.filter((span) => span.status.code === StatusCode.ERROR).length;
  metrics.requests = documents + requests.length;
  metrics.transferKilobytes = bytes / 1024;
  longestSpans(run.spans, spanPatterns).forEach((longest, i) => (metrics[SPAN_METRIC + spanPatterns[i]!] = longest));
  return metrics;
}

/** Median (the mean of the middle two for an even count), p75 (nearest rank) and max of the values measured. */
export function summarize(values: readonly (number | null)[]): MetricSummary {
  const measured = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  const n = measured.length;
  if (!n) return { values: [...values], median: null, p75: null, max: null };
  const mid = n >> 1;
  return {
    values: [...values],
    median: n % 2 ? measured[mid]! : (measured[mid - 1]! + measured[mid]!) / 2,
    p75: quantile(measured, 0.75),
    max: measured[n - 1]!,
  };
}

/** Every metric of `runMetrics` summarized over the runs of one URL, in the same order. */
export function summarizeRuns(runs: readonly TraceRun[], spanPatterns: readonly string[]): Record<string, MetricSummary> {
  const perRun = runs.map((run) => runMetrics(run, spanPatterns));
  const names = [...METRICS, ...spanPatterns.map((pattern) => SPAN_METRIC + pattern)];
  return Object.fromEntries(names.map((name) => [name, summarize(perRun.map((metrics) => metrics[name] ?? null))]));
}
