/**
 * Where a vital's time went, from web-vitals' attribution: LCP as time to first byte, then the
 * resource's load delay, its load duration and the element's render delay; INP as input delay,
 * processing and presentation delay. Each part as its share of their sum, for a stacked bar.
 * A part missing (or not a finite, non-negative number) counts as 0; a span with none of them
 * has no breakdown.
 */
import type { Attributes } from '../protocol/span';
import { VITAL_ATTRIBUTION, vitalName } from '../vital';

/** One part of the bar: its share of the whole and where it starts, both 0–1. */
export interface BreakdownPart {
  key: string;
  label: string;
  ms: number;
  from: number;
  share: number;
}

export interface VitalBreakdown {
  vital: 'LCP' | 'INP';
  total: number;
  parts: BreakdownPart[];
}

/** The parts of each vital, in the order they happen. */
const PARTS = {
  LCP: [
    ['timeToFirstByte', 'TTFB'],
    ['resourceLoadDelay', 'Load delay'],
    ['resourceLoadDuration', 'Load duration'],
    ['elementRenderDelay', 'Render delay'],
  ],
  INP: [
    ['inputDelay', 'Input delay'],
    ['processingDuration', 'Processing'],
    ['presentationDelay', 'Presentation'],
  ],
} as const;

/** The attribution prefix spans stored before it had Spanlight's namespace carry. */
const LEGACY_ATTRIBUTION = 'web_vital.attribution.';

function part(attributes: Attributes, key: string): number | undefined {
  const value = attributes[VITAL_ATTRIBUTION + key] ?? attributes[LEGACY_ATTRIBUTION + key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The breakdown of an LCP or INP span's attributes, or undefined for any other span or one without attribution. */
export function vitalBreakdown(attributes: Attributes): VitalBreakdown | undefined {
  const vital = vitalName(attributes);
  if (vital !== 'LCP' && vital !== 'INP') return undefined;
  const values = PARTS[vital].map(([key]) => part(attributes, key));
  if (values.every((v) => v === undefined)) return undefined;
  const total = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  let from = 0;
  const parts = PARTS[vital].map(([key, label], i) => {
    const ms = values[i] ?? 0;
    const share = total > 0 ? ms / total : 0;
    const at = from;
    from += share;
    return { key, label, ms, from: at, share };
  });
  return { vital, total, parts };
}
