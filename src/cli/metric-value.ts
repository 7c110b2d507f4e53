/** A metric's value in words, with the unit a budget gives it in: `3120 ms`, `0.12`, `820.5 KB`. */
import { SPAN_METRIC } from './types';

const TIMES = new Set(['LCP', 'FCP', 'INP', 'TTFB']);

/** The metric's unit, '' for counts and CLS. */
export function unitOf(metric: string): string {
  if (TIMES.has(metric) || metric.startsWith(SPAN_METRIC)) return 'ms';
  return metric === 'transferKilobytes' ? 'KB' : '';
}

/** `value` rounded as far as a budget's comparison can tell (CLS to 4 places, the rest to 1), with its unit. */
export function formatMetricValue(metric: string, value: number): string {
  const places = metric === 'CLS' ? 4 : 1;
  const shown = String(Number(value.toFixed(places)));
  const unit = unitOf(metric);
  return unit ? `${shown} ${unit}` : shown;
}
