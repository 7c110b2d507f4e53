/** Spans for the rules' tests and bench: a fetch span of a page, with what a test changes. */
import type { SpanRecord } from '../../src/protocol/span';

/** A client fetch span; `overrides` replace its fields. */
export function ruleSpan(overrides: Partial<SpanRecord> = {}): SpanRecord {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '00f067aa0ba902b7',
    name: 'GET',
    kind: 0,
    start: [1_700_000_000, 123_456_789],
    end: [1_700_000_000, 623_456_789],
    status: { code: 0 },
    attributes: {},
    events: [],
    pageUrl: 'https://shop.example/cart',
    ...overrides,
  };
}
