/** User Timing: every performance.measure() of the page becomes a span, so authors get custom spans for free. */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { ObserveContext } from './context';
import { observeTimeline } from './timeline';

export function observeUserTiming({ emit, signal, onLeave }: ObserveContext): void {
  const report = (entries: PerformanceMeasure[]) => {
    for (const entry of entries) {
      let detail: unknown;
      try {
        detail = entry.detail;
      } catch {
        detail = undefined; // a detail that cannot be cloned
      }
      const plain = typeof detail === 'string' || typeof detail === 'number' || typeof detail === 'boolean';
      emit({
        type: 'measure',
        name: truncate(entry.name, PAGE_LIMITS.short),
        start: Math.max(0, entry.startTime),
        end: Math.max(0, entry.startTime + entry.duration),
        ...(plain ? { detail: typeof detail === 'string' ? truncate(detail, PAGE_LIMITS.message) : (detail as number | boolean) } : {}),
      });
    }
  };
  const timeline = observeTimeline(['measure'], report, signal);
  if (timeline) onLeave(timeline.takeRecords);
}
