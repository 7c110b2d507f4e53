/**
 * The sampling decision of a page view, from its trace id alone, so the page side (for the
 * `traceparent` sampled flag) and the tracer core (for which spans to keep) always agree. The
 * core computes the same: the trace id's low 56 bits (the random part, W3C trace-context level 2),
 * of which the top 52 fit a double exactly, compared with ratio × 2^52.
 */
export function traceSampled(traceId: string, ratio: number): boolean {
  return ratio >= 1 || (toInteger(apply(slice, traceId, [18, 31]) as string, 16) as number) < floor(ratio * 2 ** 52);
}

// Taken when the module loads (document_start on the page side): a page's replacements of
// these see no trace id of ours.
const { slice } = String.prototype;
const { apply } = Reflect;
const toInteger = parseInt;
const { floor } = Math;
