/**
 * The values of an OTLP/HTTP JSON request (the protobuf JSON mapping), valid for every value a
 * span or an event can hold, and the envelope every export request shares. For ordinary values it
 * writes what @opentelemetry/otlp-transformer's JSON serializers write (test/encode.test.ts,
 * test/otlp-logs.test.ts compare them); the library writes some values a strict collector refuses,
 * and one such record would keep the whole request, other sites' records with it, from being
 * delivered:
 * - a lone surrogate (JSON.stringify writes `"\udc00"`, which is not UTF-8 text): every string is
 *   made well-formed, a lone surrogate becoming U+FFFD, as the protobuf writer's UTF-8 does;
 * - an integer outside int64 (`1e21` as `intValue`) and NaN or ±Infinity (written `null`): an
 *   int64 is written as its decimal string, a larger integer as a double, and the non-finite ones
 *   as the protobuf JSON mapping's "NaN", "Infinity" and "-Infinity".
 * A number under a key isDouble() names is a double whatever its value (see doubles.ts).
 */
import type { Attributes, AttributeValue, HrTime } from '../protocol/span';
import { isDouble } from './doubles';
import type { ResourceAttributes, ResourceGroup } from './resource';

const MAX_INT64 = 2 ** 63;

type AnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number | string } | { arrayValue: { values: AnyValue[] } };

/**
 * The request for `groups` as UTF-8 JSON: under `resourceKey` one object per group, its resource
 * and, under `scopeKey`, its scope with the records (`recordsKey`) `toJson` makes.
 */
export function encodeJsonGroups<T>(
  groups: readonly ResourceGroup<T>[],
  keys: { resource: string; scope: string; records: string },
  toJson: (record: T) => unknown,
): Uint8Array {
  const request = {
    [keys.resource]: groups.map((group) => ({
      resource: { attributes: keyValues(group.resource), droppedAttributesCount: 0 },
      [keys.scope]: group.records.length
        ? [{ scope: { name: text(group.scope.name), version: text(group.scope.version) }, [keys.records]: group.records.map(toJson), schemaUrl: group.scope.schemaUrl }]
        : [],
      schemaUrl: group.scope.schemaUrl,
    })),
  };
  return new TextEncoder().encode(JSON.stringify(request));
}

/** Attributes as OTLP KeyValues, in the object's key order. */
export function keyValues(attributes: Attributes | ResourceAttributes): { key: string; value: AnyValue }[] {
  return Object.keys(attributes).map((key) => {
    const value = attributes[key]!;
    return { key: text(key), value: anyValue(value, typeof value === 'number' && isDouble(key)) };
  });
}

function anyValue(value: AttributeValue | string[], double = false): AnyValue {
  if (typeof value === 'string') return { stringValue: text(value) };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => anyValue(item)) } };
  if (!double && Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) return { intValue: BigInt(value).toString() };
  return { doubleValue: Number.isFinite(value) ? value : String(value) };
}

/** `value` as well-formed UTF-16, a lone surrogate replaced by U+FFFD. */
export function text(value: string): string {
  return value.isWellFormed() ? value : value.toWellFormed();
}

/** An HrTime as decimal Unix nanoseconds (past 2⁵³, so in BigInt). */
export function nanos([seconds, nanoseconds]: HrTime): string {
  return (BigInt(Math.trunc(seconds)) * 1_000_000_000n + BigInt(Math.trunc(nanoseconds))).toString();
}
