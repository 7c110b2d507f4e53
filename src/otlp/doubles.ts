/**
 * Which number attributes are OTLP doubles. An OTLP AnyValue is either an `int_value` or a
 * `double_value`, and a backend keys an attribute's column on that type: a number must keep one
 * type whatever its value, or an LCP of 152 ms (`int_value`) and one of 152.4 ms (`double_value`)
 * become two attributes, or one of them is refused. A JavaScript number does not say which it is,
 * so the key does, as the semantic conventions type each attribute by its key.
 *
 * Measurements (times, durations, vitals, layout-shift scores, a page's own User Timing detail) are
 * doubles; counts, sizes in bytes, ids, ports, status codes and line numbers are integers, and
 * written as integers while their value is one. The capture side writes only these keys
 * (test/otlp-doubles.test.ts checks every number the tracer and the events write is one or the
 * other); a key it does not know (an imported file's) keeps the value's own type, as before.
 */

/** Keys of measurements, one by one. */
const MEASURES: ReadonlySet<string> = new Set([
  'web_vital.value',
  'web_vital.delta',
  'browser.web_vital.value',
  'browser.web_vital.delta',
  'spanlight.long_frame.blocking_duration',
  'spanlight.long_frame.script.duration',
  // performance.measure's detail: any number the page gave, so no integer in particular.
  'spanlight.user_timing.detail',
]);

/**
 * Families whose numbers are times or durations in milliseconds (a vital's attribution: delays,
 * durations, the largest shift's time and score; Navigation and Resource Timing), but for sizes in
 * bytes and counts, which their names end in.
 */
const MEASURE_FAMILIES = ['spanlight.web_vital.attribution.', 'web_vital.attribution.', 'browser.navigation_timing.', 'browser.resource_timing.'] as const;
const WHOLE = /_(?:size|count)$/;

/** Whether numbers under `key` are always OTLP doubles. */
export function isDouble(key: string): boolean {
  if (MEASURES.has(key)) return true;
  for (const family of MEASURE_FAMILIES) if (key.startsWith(family)) return !WHOLE.test(key);
  return false;
}
