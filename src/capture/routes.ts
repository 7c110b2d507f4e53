/**
 * SPA route changes: history.pushState / replaceState, popstate and hashchange that change the
 * URL start a new page view, with its own trace, so what follows groups under the new route; so
 * does a restore from the back/forward cache.
 * The wrapped history methods return and throw exactly as the originals do.
 */
import { PAGE_LIMITS, type ROUTE_TRIGGERS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { CaptureContext } from './context';
import { disguise } from './disguise';

export function captureRouteChanges({ emit, signal, trace }: CaptureContext): void {
  const proto = History.prototype;
  const { pushState, replaceState } = proto;
  const now = performance.now.bind(performance);
  let last = location.href;

  const report = (trigger: (typeof ROUTE_TRIGGERS)[number]) => {
    const url = location.href;
    if (url === last) return; // same URL (a state-only replace, or popstate and hashchange for one step)
    last = url;
    const traceId = trace.startPageView();
    emit({ type: 'route', trigger, url: truncate(url, PAGE_LIMITS.url), time: now(), traceId, view: trace.view });
  };
  const wrap = (original: typeof pushState, trigger: 'pushState' | 'replaceState') =>
    function (this: History) {
      // eslint-disable-next-line prefer-rest-params -- pass the call on exactly as it was made
      const result = original.apply(this, arguments as unknown as Parameters<typeof pushState>);
      report(trigger);
      return result;
    };
  const wrappedPush = disguise(wrap(pushState, 'pushState'), pushState);
  const wrappedReplace = disguise(wrap(replaceState, 'replaceState'), replaceState);
  proto.pushState = wrappedPush;
  proto.replaceState = wrappedReplace;
  window.addEventListener('popstate', () => report('popstate'), { signal });
  window.addEventListener('hashchange', () => report('hashchange'), { signal });
  // A page shown again from the back/forward cache is a new page view of the same URL.
  window.addEventListener('pageshow', (event) => event.persisted && ((last = ''), report('bfcache')), { signal });
  signal.addEventListener(
    'abort',
    () => {
      if (proto.pushState === wrappedPush) proto.pushState = pushState;
      if (proto.replaceState === wrappedReplace) proto.replaceState = replaceState;
    },
    { once: true },
  );
}
