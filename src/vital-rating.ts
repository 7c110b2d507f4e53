/**
 * A vital's rating from web.dev's thresholds, as the web-vitals library rates each report: the
 * library's own threshold constants, so a change of theirs reaches the `spanlight trace` report
 * and the viewer's charts too.
 */
import { CLSThresholds, FCPThresholds, INPThresholds, LCPThresholds, TTFBThresholds } from 'web-vitals';
import type { Rating, VitalName } from './page-view';

/** [good up to, poor above] of each vital. */
export const THRESHOLDS: Record<VitalName, readonly [number, number]> = {
  LCP: LCPThresholds as [number, number],
  FCP: FCPThresholds as [number, number],
  CLS: CLSThresholds as [number, number],
  INP: INPThresholds as [number, number],
  TTFB: TTFBThresholds as [number, number],
};

/** 'good' up to the first threshold, 'poor' above the second (web-vitals' getRating). */
export function rateVital(name: VitalName, value: number): Rating {
  const [good, poor] = THRESHOLDS[name];
  return value > poor ? 'poor' : value > good ? 'needs-improvement' : 'good';
}
