/**
 * The span one statement runs on. Statements read the span as it came and copy it on their first
 * write, so the input is never changed and a span no statement changes is not copied at all.
 */
import type { ResourceAttributes } from '../otlp/resource';
import type { Attributes, SpanRecord } from '../protocol/span';

export interface SpanContext {
  /** The span as it came, or its copy once a statement has written to it. */
  span: SpanRecord;
  /** `span` is this context's own copy. */
  owned: boolean;
  /** The resource the span will be exported under, read on first use. */
  resource: () => Readonly<ResourceAttributes>;
}

/** A context for `span`; `resource` is asked at most once. */
export function spanContext(span: SpanRecord, resource?: (span: SpanRecord) => Readonly<ResourceAttributes>): SpanContext {
  let cached: Readonly<ResourceAttributes> | undefined;
  return {
    span,
    owned: false,
    resource: () => (cached ??= resource?.(span) ?? {}),
  };
}

/** The span, copied first if it is not this context's own yet: what setters write to. */
export function writableSpan(ctx: SpanContext): SpanRecord {
  if (!ctx.owned) {
    const s = ctx.span;
    ctx.span = { ...s, attributes: { ...s.attributes }, status: { ...s.status } };
    ctx.owned = true;
  }
  return ctx.span;
}

/** Sets `key` of `attributes`; `__proto__` too, as an own key. */
export function putAttribute(attributes: Attributes, key: string, value: Attributes[string]): void {
  if (key === '__proto__') Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
  else attributes[key] = value;
}
