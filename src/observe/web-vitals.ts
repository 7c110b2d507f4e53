/**
 * Web Vitals (LCP, INP, CLS, FCP, TTFB) with the web-vitals library's attribution build. Final
 * values come when the page is hidden, as the library reports them. They belong to the first page
 * view (web-vitals measures the document, not route changes), or after a restore from the
 * back/forward cache, which the library measures anew, to the restored one.
 *
 * As a tab closes, Firefox fires pagehide before visibilitychange, and what is sent in the second
 * may never reach the background. So LCP and INP are also followed as they change, and a value the
 * library has not reported when the page is left is reported then, as final: the library's later
 * report of that metric is left out, so a metric is never reported twice for one page view.
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

export function observeWebVitals({ emit, view, interactionSpan, onLeave, signal }: ObserveContext): void {
  // Each of these is of the metrics measured now: the library measures anew after a restore from
  // the back/forward cache.
  /** The value last reported of each metric. */
  const reported = new Map<string, number>();
  /** Metrics reported as the page was left: the library's own later report of them is left out. */
  const settled = new Set<string>();
  /** The latest value of LCP and INP, reported by the library or not. */
  const latest = new Map<string, MetricWithAttribution>();
  addEventListener(
    'pageshow',
    (event) => {
      if (!event.persisted) return;
      reported.clear();
      settled.clear();
      latest.clear();
    },
    { signal },
  );
  const report = (metric: MetricWithAttribution) => {
    if (settled.has(metric.name) || reported.get(metric.name) === metric.value) return;
    reported.set(metric.name, metric.value);
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
      rating: metric.rating,
      navigationType: truncate(metric.navigationType, 32),
      time: performance.now(),
      attribution,
      // Measured again after a restore from the back/forward cache: the restored page view's.
      view: metric.navigationType === 'back-forward-cache' ? view() : 0,
    });
  };
  const follow = (metric: MetricWithAttribution) => latest.set(metric.name, metric);
  onLeave(() => {
    for (const metric of latest.values()) {
      if (reported.get(metric.name) === metric.value) continue;
      report(metric);
      settled.add(metric.name);
    }
  });
  onLCP(report);
  onLCP(follow, { reportAllChanges: true });
  onINP(report);
  onINP(follow, { reportAllChanges: true });
  onCLS(report);
  onFCP(report);
  onTTFB(report);
}
