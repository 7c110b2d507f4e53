/**
 * The rating bands a vital's chart draws behind its samples: good from 0 up to web.dev's first
 * threshold, needs improvement up to the second, poor above (web-vitals' own thresholds, see
 * src/vital-rating.ts), each clipped to the chart's value range.
 */
import type { Rating, VitalName } from '../page-view';
import { THRESHOLDS } from '../vital-rating';

/** Values [from, to) of one rating on a chart. */
export interface VitalBand {
  rating: Rating;
  from: number;
  to: number;
}

/** The bands of `name` within the value range [min, max], bottom first; a band outside it is left out. */
export function vitalBands(name: VitalName, min: number, max: number): VitalBand[] {
  const [good, poor] = THRESHOLDS[name];
  const bands: VitalBand[] = [
    { rating: 'good', from: 0, to: good },
    { rating: 'needs-improvement', from: good, to: poor },
    { rating: 'poor', from: poor, to: Infinity },
  ];
  return bands.map((b) => ({ ...b, from: Math.max(b.from, min), to: Math.min(b.to, max) })).filter((b) => b.to > b.from);
}

/** The first threshold of `name`: a chart's value axis reaches at least that far. */
export const goodLimit = (name: VitalName): number => THRESHOLDS[name][0];
