/**
 * The sampling decision of a page view, from its trace id alone, so the page side (for the
 * `traceparent` sampled flag) and the tracer core (for which spans to keep) always agree. The
 * core computes the same: the trace id's low 56 bits (the random part, W3C trace-context level 2),
 * of which the top 52 fit a double exactly, compared with ratio × 2^52.
 */
export function traceSampled(traceId: string, ratio: number): boolean {
  return ratio >= 1 || parseInt(traceId.slice(18, 31), 16) < Math.floor(ratio * 2 ** 52);
}
