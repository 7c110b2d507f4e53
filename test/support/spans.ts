/** Span records for tests. */
import type { SpanRecord } from '../../src/protocol/span';
import { randomHexId } from '../../src/tracer/ids';

/** A child span of a fresh trace starting `offsetMs` after a fixed instant; override any field. */
export function makeSpan(offsetMs = 0, fields: Partial<SpanRecord> = {}): SpanRecord {
  const startNs = 1_732_172_400_000_000_000n + BigInt(Math.round(offsetMs * 1e6));
  const endNs = startNs + 5_000_000n;
  const hr = (ns: bigint): [number, number] => [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
  return {
    traceId: randomHexId(16),
    spanId: randomHexId(8),
    parentSpanId: randomHexId(8),
    name: 'GET',
    kind: 2,
    start: hr(startNs),
    end: hr(endNs),
    status: { code: 0 },
    attributes: { 'url.full': 'https://api.example/items', 'http.response.status_code': 200 },
    events: [],
    pageUrl: 'https://shop.example/cart',
    ...fields,
  };
}

/** A span starting `startMs` after makeSpan's instant and lasting `lengthMs` (fractions kept to the nanosecond). */
export function timedSpan(startMs: number, lengthMs: number, fields: Partial<SpanRecord> = {}): SpanRecord {
  const span = makeSpan(startMs, fields);
  const endNs = BigInt(span.start[0]) * 1_000_000_000n + BigInt(span.start[1]) + BigInt(Math.round(lengthMs * 1e6));
  span.end = [Number(endNs / 1_000_000_000n), Number(endNs % 1_000_000_000n)];
  return span;
}

/** The id of span number `n` in a tree built by `treeSpan`. */
export const spanNumber = (n: number) => n.toString(16).padStart(16, '0');

/** Span number `n` of trace `traceId`, under span number `parent` (a root when undefined), from `start` ms lasting `length`. */
export function treeSpan(traceId: string, n: number, parent: number | undefined, start: number, length: number, fields: Partial<SpanRecord> = {}): SpanRecord {
  const s = timedSpan(start, length, { traceId, spanId: spanNumber(n), ...fields });
  if (parent === undefined) delete s.parentSpanId;
  else s.parentSpanId = spanNumber(parent);
  return s;
}
