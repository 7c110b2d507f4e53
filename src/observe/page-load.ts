/**
 * The page-load event: Navigation Timing marks, sent once the load event has finished, or for a
 * prerendered page once it is shown (its activationStart is known only then).
 */
import { NAVIGATION_MARKS, NAVIGATION_TYPES, OPTIONAL_MARKS, type NavigationMark } from '../protocol/page';
import type { ObserveContext } from './context';

export function observePageLoad({ emit, signal }: ObserveContext): void {
  // loadEventEnd is set only after the load event's handlers return: read it a task later.
  const loaded = () => setTimeout(() => signal.aborted || emit(navigationEvent(performance.getEntriesByType('navigation')[0], performance.now())), 0);
  const report = () =>
    (document as Document & { prerendering?: boolean }).prerendering
      ? document.addEventListener('prerenderingchange', loaded, { once: true, signal })
      : loaded();
  if (document.readyState === 'complete') report();
  else window.addEventListener('load', report, { once: true, signal });
}

/** The page-load event of a navigation entry (none where the browser has no Navigation Timing), at `now`. */
export function navigationEvent(entry: PerformanceEntry | undefined, now: number) {
  const nav = entry as (PerformanceNavigationTiming & { activationStart?: number }) | undefined;
  const marks: Partial<Record<NavigationMark, number>> = {};
  for (const name of NAVIGATION_MARKS) {
    const value = nav?.[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (value === 0 && OPTIONAL_MARKS.has(name)) continue;
    // Firefox can report fetchStart a few ms before its own time origin (e.g. -9): clamp to it.
    marks[name] = Math.max(0, value);
  }
  if (!marks.loadEventEnd) marks.loadEventEnd = now;
  const type = marks.activationStart ? 'prerender' : (NAVIGATION_TYPES.find((t) => t === nav?.type) ?? 'navigate');
  return { type: 'page-load' as const, navigationType: type, marks };
}
