/**
 * What the bridge observes itself, from the ISOLATED world: the page's performance timeline (page
 * load, Web Vitals, long animation frames, User Timing). Content scripts share the document with
 * the page but not its JavaScript: these observers' timers, listeners, arrays and getters are the
 * content script's own, so nothing a page patches (zone.js's timers, Array.prototype,
 * performance.now, Node.prototype getters) ever sees them, and no frame of ours is on its stacks.
 */
import type { ObserveContext, Observer } from './context';
import { observeLongFrames } from './long-frames';
import { observePageLoad } from './page-load';
import { observeUserTiming } from './user-timing';
import { observeWebVitals } from './web-vitals';

const OBSERVERS: Observer[] = [observePageLoad, observeUserTiming, observeWebVitals, observeLongFrames];

/** Starts every observer; one that the browser cannot run is left out, never the others. */
export function startObservers(context: ObserveContext): void {
  for (const observe of OBSERVERS) {
    try {
      observe(context);
    } catch {
      // an API this browser lacks
    }
  }
}
