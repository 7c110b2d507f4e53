/**
 * Web Vitals (LCP, INP, CLS, FCP, TTFB) with the web-vitals library's attribution build. Final
 * values come when the page is hidden, as the library reports them. They belong to the first page
 * view (web-vitals measures the document, not route changes), or after a restore from the
 * back/forward cache, which the library measures anew, to the restored one.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricWithAttribution } from 'web-vitals/attribution';
import { PAGE_LIMITS, type VitalName } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { ObserveContext } from './context';

/** The attribution fields kept for each metric: plain values; targets are selectors, not text. */
export const VITAL_FIELDS: Record<VitalName, readonly string[]> = {
  LCP: ['target', 'url', 'timeToFirstByte', 'resourceLoadDelay', 'resourceLoadDuration', 'elementRenderDelay'],
  INP: ['interactionTarget', 'interactionType', 'interactionTime', 'inputDelay', 'processingDuration', 'presentationDelay', 'loadState'],
  CLS: ['largestShiftTarget', 'largestShiftTime', 'largestShiftValue', 'loadState'],
  FCP: ['timeToFirstByte', 'firstByteToFCP', 'loadState'],
  TTFB: ['waitingDuration', 'cacheDuration', 'dnsDuration', 'connectionDuration', 'requestDuration'],
};

// Taken at document_start, before a page script could replace it.
const hasOwn = Object.hasOwn;

export function observeWebVitals({ emit, view, interactionSpan }: ObserveContext): void {
  const report = (metric: MetricWithAttribution) => {
    const source = metric.attribution as unknown as Record<string, unknown>;
    const attribution: Record<string, string | number> = {};
    for (const key of VITAL_FIELDS[metric.name as VitalName] ?? []) {
      // Own fields only: the library leaves out what it does not know (LCP's url, for a text
      // element), and a page that set Object.prototype.url must not fill it in.
      const value = hasOwn(source, key) ? source[key] : undefined;
      if (typeof value === 'string') attribution[key] = truncate(value, PAGE_LIMITS.short);
      else if (typeof value === 'number' && Number.isFinite(value)) attribution[key] = value;
    }
    // INP names the span of the interaction it measures: the first to start within it (a
    // click's span starts at its click event, after the pointerdown that began the interaction).
    const at = attribution.interactionTime as number;
    const measured = metric.name === 'INP' ? interactionSpan(at - 1, at + metric.value) : undefined;
    if (measured) attribution.interactionSpanId = measured;
    emit({
      type: 'vital',
      name: metric.name as VitalName,
      value: metric.value,
      id: metric.id,
      delta: metric.delta,
      rating: metric.rating,
      navigationType: truncate(metric.navigationType, 32),
      time: performance.now(),
      attribution,
      // Measured again after a restore from the back/forward cache: the restored page view's.
      view: metric.navigationType === 'back-forward-cache' ? view() : 0,
    });
  };
  onLCP(report);
  onINP(report);
  // Firefox has no Layout Instability API (test/e2e/vitals.spec.ts checks it still has none): its build leaves CLS out.
  if (!import.meta.env.FIREFOX) onCLS(report);
  onFCP(report);
  onTTFB(report);
}
