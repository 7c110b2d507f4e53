/**
 * SPA route changes: history.pushState / replaceState, popstate and hashchange that change the
 * URL start a new page view, with its own trace, so what follows groups under the new route; so
 * does a restore from the back/forward cache.
 * The wrapped history methods return and throw exactly as the originals do.
 */
import { PAGE_LIMITS, type ROUTE_TRIGGERS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { CaptureContext } from './context';
import { wrapMethod } from './native';
import { apply, now } from './platform';

// Location's members are unforgeable: a page cannot replace what these read.
const baseOf = () => location.origin + location.pathname + location.search;

export function captureRouteChanges({ emit, signal, trace }: CaptureContext): void {
  const proto = History.prototype;
  let last = location.href;
  let base = baseOf();

  const report = (trigger: (typeof ROUTE_TRIGGERS)[number]) => {
    const url = location.href;
    if (url === last) return; // same URL (a state-only replace, or popstate and hashchange for one step)
    const from = base;
    last = url;
    base = baseOf();
    const traceId = trace.startPageView();
    // Only the fragment changed, to one that is not empty (popstate comes first for such a step, so the trigger does not say).
    const hashChange = base === from && location.hash !== '';
    emit({ type: 'route', trigger, url: truncate(url, PAGE_LIMITS.url), time: now(), traceId, view: trace.view, hashChange });
  };
  const wrap = (trigger: 'pushState' | 'replaceState') =>
    wrapMethod(proto, trigger, (original, self, args) => {
      const result = apply(original, self, args);
      report(trigger);
      return result;
    });
  const restorePush = wrap('pushState');
  const restoreReplace = wrap('replaceState');
  window.addEventListener('popstate', () => report('popstate'), { signal });
  window.addEventListener('hashchange', () => report('hashchange'), { signal });
  // A page shown again from the back/forward cache is a new page view of the same URL.
  window.addEventListener('pageshow', (event) => event.persisted && ((last = base = ''), report('bfcache')), { signal });
  signal.addEventListener(
    'abort',
    () => {
      restorePush();
      restoreReplace();
    },
    { once: true },
  );
}
