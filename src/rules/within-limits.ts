/**
 * A span the rules changed, fitted to the limits every stored span keeps (SPAN_LIMITS, as the
 * tracer and the import enforce them): a name cut to its length, strings cut, keys longer than a
 * name dropped, attributes past the count dropped; what goes is counted in droppedAttributes, as
 * the tracer counts it. `set(attributes, {…})` or a key rename could otherwise make a span the
 * store's own checks refuse when it is imported again.
 */
import { truncate } from '../protocol/check';
import { SPAN_LIMITS, type Attributes, type SpanRecord } from '../protocol/span';
import { putAttribute } from './span-context';

/** `span` (the rules' own copy: changed in place) within the span limits. */
export function withinLimits(span: SpanRecord): SpanRecord {
  if (span.name.length > SPAN_LIMITS.name) span.name = truncate(span.name, SPAN_LIMITS.name);
  if (span.status.message !== undefined && span.status.message.length > SPAN_LIMITS.string) span.status.message = truncate(span.status.message, SPAN_LIMITS.string);
  let dropped = 0;
  let count = 0;
  let fitted: Attributes | undefined;
  for (const key of Object.keys(span.attributes)) {
    const value = span.attributes[key]!;
    const tooLong = typeof value === 'string' && value.length > SPAN_LIMITS.string;
    if (key.length > SPAN_LIMITS.name || count >= SPAN_LIMITS.attributes) {
      dropped++;
      fitted ??= copyUpTo(span.attributes, key);
      continue;
    }
    count++;
    if (tooLong) putAttribute((fitted ??= copyUpTo(span.attributes, key)), key, truncate(value, SPAN_LIMITS.string));
    else if (fitted) putAttribute(fitted, key, value);
  }
  if (fitted) span.attributes = fitted;
  if (dropped) span.droppedAttributes = (span.droppedAttributes ?? 0) + dropped;
  return span;
}

/** The attributes before `key`, in order (the ones already checked). */
function copyUpTo(attributes: Attributes, key: string): Attributes {
  const out: Attributes = {};
  for (const k of Object.keys(attributes)) {
    if (k === key) break;
    putAttribute(out, k, attributes[k]!);
  }
  return out;
}
