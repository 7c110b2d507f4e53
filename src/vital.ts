/**
 * The attributes of a vital's span (LCP, FCP, TTFB, INP, CLS): the semantic conventions' names
 * (v1.44.0, `browser.web_vital.*`, the name in lowercase), and Spanlight's own for web-vitals'
 * attribution (`spanlight.web_vital.attribution.*`: semconv defines none, and its namespace is
 * not ours to add to). Spans stored before they had these names carry `web_vital.*` (name in
 * capitals); readers take either, for as long as such spans can still be stored (retention keeps
 * spans at most 365 days), and an imported file may carry them too.
 */
import type { AttributeValue, Attributes } from './protocol/span';

export const VITAL_NAME = 'browser.web_vital.name';
export const VITAL_VALUE = 'browser.web_vital.value';
export const VITAL_DELTA = 'browser.web_vital.delta';
export const VITAL_ID = 'browser.web_vital.id';
export const VITAL_RATING = 'browser.web_vital.rating';
export const VITAL_NAVIGATION_TYPE = 'browser.web_vital.navigation_type';
export const VITAL_ATTRIBUTION = 'spanlight.web_vital.attribution.';

/** The name before semconv of each of the above. */
const LEGACY: Record<string, string> = {
  [VITAL_NAME]: 'web_vital.name',
  [VITAL_VALUE]: 'web_vital.value',
  [VITAL_DELTA]: 'web_vital.delta',
  [VITAL_ID]: 'web_vital.id',
  [VITAL_RATING]: 'web_vital.rating',
  [VITAL_NAVIGATION_TYPE]: 'web_vital.navigation_type',
};

/** A vital's attribute `key` (one of the above), under its name or the one before. */
export function vitalAttribute(attributes: Attributes, key: string): AttributeValue | undefined {
  return attributes[key] ?? (LEGACY[key] ? attributes[LEGACY[key]] : undefined);
}

/** A vital's value, when the span is a vital's. */
export function vitalValue(attributes: Attributes): number | undefined {
  const value = vitalAttribute(attributes, VITAL_VALUE);
  return typeof value === 'number' ? value : undefined;
}

/** A vital's name in capitals (`LCP`), when the span is a vital's. */
export function vitalName(attributes: Attributes): string | undefined {
  const name = vitalAttribute(attributes, VITAL_NAME);
  return typeof name === 'string' ? name.toUpperCase() : undefined;
}

/**
 * The vital spans in `spans` (in arrival order) a later report of the same metric replaces:
 * web-vitals reports CLS and INP again each time the page is hidden, each report with the same
 * `id` and the value so far, so the last one stands for the metric. Keyed by trace and id.
 */
export function supersededReports<T extends { traceId: string; attributes: Attributes }>(spans: readonly T[]): Set<T> {
  const latest = new Map<string, T>();
  const superseded = new Set<T>();
  for (const span of spans) {
    const id = vitalAttribute(span.attributes, VITAL_ID);
    if (typeof id !== 'string' || !id) continue;
    const key = `${span.traceId}/${id}`;
    const before = latest.get(key);
    if (before) superseded.add(before);
    latest.set(key, span);
  }
  return superseded;
}

/** `spans` (in arrival order) with each vital's last report only. */
export function latestReports<T extends { traceId: string; attributes: Attributes }>(spans: readonly T[]): T[] {
  const superseded = supersededReports(spans);
  return superseded.size ? spans.filter((span) => !superseded.has(span)) : (spans as T[]);
}
