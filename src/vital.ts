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
