/** Small shape checks shared by every channel's parser: each returns the value or undefined. */

/** A plain object (not an array, not null). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A string of at most `max` UTF-16 units. */
export function asString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** A finite number within [min, max]. */
export function asNumber(value: unknown, min = -Number.MAX_VALUE, max = Number.MAX_VALUE): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : undefined;
}

/** An integer within [min, max]. */
export function asInteger(value: unknown, min: number, max: number): number | undefined {
  const n = asNumber(value, min, max);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** One of the given literals. */
export function asOneOf<T extends string>(value: unknown, options: readonly T[]): T | undefined {
  return options.includes(value as T) ? (value as T) : undefined;
}

/**
 * An array of at most `max` items, dense: a hole (which structured clone keeps, and which
 * every() and map() skip) becomes undefined, so a check of each item sees it.
 */
export function asArray(value: unknown, max: number): unknown[] | undefined {
  return Array.isArray(value) && value.length <= max ? Array.from(value) : undefined;
}

/** Lowercase hex of exactly `length` characters, not all zero (a valid W3C id). */
export function asHexId(value: unknown, length: number): string | undefined {
  return typeof value === 'string' &&
    value.length === length &&
    /^[0-9a-f]+$/.test(value) &&
    /[1-9a-f]/.test(value)
    ? value
    : undefined;
}

// Taken when the module loads: on the page side that is document_start, before any page script
// could replace String.prototype.slice (a cut string must not pass through page code).
const { slice } = String.prototype;
const { apply } = Reflect;

/** `value` cut to `max` UTF-16 units, for the page side to stay within a channel's limits. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : (apply(slice, value, [0, max]) as string);
}
