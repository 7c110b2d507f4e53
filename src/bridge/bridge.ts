/**
 * The bridge, composed of its stages: the page side's events from the private port and its own
 * observers' (src/observe) are parsed (src/protocol/page.ts), let in or not (gate.ts), put in
 * their page view (page-views.ts) and held (outbox.ts), then sent at most once per window
 * (flush-window.ts) to the background: as spans made by this frame's core where it runs here
 * (frame-core.ts: Firefox, once loaded), else as checked events for the background's core
 * (send-group.ts, over background-link.ts).
 */
import { PAGE_LIMITS, parsePageSideBatch, type PageConfig, type PageEvent } from '../protocol/page';
import { truncate } from '../protocol/check';
import { randomHexId } from '../tracer/ids';
import { Tracer } from '../tracer/tracer';
import { BackgroundLink } from './background-link';
import { CORE_IN_CONTENT } from './core-placement';
import { onPrivateEvent } from './private-event';
import { startObservers } from '../observe';
import { ResourceTimings } from '../observe/resources';
import { sendGroup } from './send-group';
import { DEFAULT_CAPTURE_CONFIG, followCaptureConfig, type CaptureConfig } from '../capture-config';
import { acceptPagePort, type PagePortHandlers } from './page-port';
import { onNextTask } from './next-task';
import { hostOf } from '../sites';
import { shouldPropagate } from '../propagation';
import { PageViews } from './page-views';
import { Outbox } from './outbox';
import { flushWindow } from './flush-window';
import { FrameCore } from './frame-core';
import { Gate } from './gate';

/**
 * What the bridge observes itself goes out at most once per FLUSH_WINDOW_MS: an event after a
 * quiet window goes on the next task, later ones wait for the window's end. So a load's burst, or
 * a page that never stops, costs the background a few writes a second rather than one per
 * observer callback (each is a write, on the same cores the page runs on), and a lone event (a
 * measure, a vital) is not held: as a tab closes, Firefox fires pagehide before visibilitychange,
 * and may lose what is posted then (events held 250 ms were lost in one run in six). FLUSH_SIZE
 * events go at once.
 */
const FLUSH_WINDOW_MS = 250;
const FLUSH_SIZE = 500;
/** Events accepted from one page per second; the rest are dropped and counted. */
const EVENTS_PER_SECOND = 2000;
/** The observers start at the page's first idle moment, or after this long at the latest. */
const OBSERVE_WITHIN_MS = 1000;
/** Events held until the settings are read (they say whether capture is off on this site). */
const MAX_UNCONFIGURED = 4 * FLUSH_SIZE;

/** The hosts of this frame and, where the browser tells (Chromium), of the frames around it. */
const frameHosts = () => [location.hostname, ...Array.from(location.ancestorOrigins ?? [], hostOf)];

/**
 * At document_start only what must be in place before any page script runs: the listener that
 * takes the page side's handshake, and the document's URL (a page script may change it with
 * history.pushState). The rest starts on the next task, off the path of the page's own scripts:
 * the link to the background and the settings (the first touch of the extension APIs builds their
 * bindings in this world, about half of the bridge's time at document_start), the ids, the
 * private events, the Resource Timing observer. What arrives from the page side before then
 * starts it first.
 */
export function startBridge(signal: AbortSignal): void {
  const href = location.href;
  let started: PagePortHandlers | undefined;
  let starting = false;
  // Once, even should it throw (the extension reloaded meanwhile): a start per batch would name a
  // page view and add listeners and an observer each time.
  const start = () => {
    if (!starting) {
      starting = true;
      started = run(signal, href, configure);
    }
    return started;
  };
  const configure = acceptPagePort(
    {
      onBatch: (data) => start()?.onBatch(data),
      onForged: () => start()?.onForged(),
    },
    signal,
  );
  onNextTask(start);
}

function run(signal: AbortSignal, href: string, configure: (config: PageConfig) => void): PagePortHandlers {
  // Cut as every URL the page side sends is (PAGE_LIMITS.url), so the core can redact it whole.
  const views = new PageViews(truncate(href, PAGE_LIMITS.url), performance.timeOrigin, location.origin);
  const link = new BackgroundLink(signal);
  // Each frame names its page view to the background as it begins, before any of its ids can
  // leave the page (in a traceparent), so the page view is bound to this frame before another
  // could claim it; the top frame's is also what its frames' page views link to.
  const announce = () => link.send({ type: 'view', page: views.page, dropped: 0 });
  announce();
  const outbox = new Outbox();
  const gate = new Gate(EVENTS_PER_SECOND, MAX_UNCONFIGURED);
  // The page side learns the page view's trace, where `traceparent` may go and the sampling.
  let config: CaptureConfig = DEFAULT_CAPTURE_CONFIG;
  const core = new FrameCore(CORE_IN_CONTENT ? () => Tracer.load('content') : undefined, () => config.tracer, () => flush());
  const sendWindow = flushWindow(FLUSH_WINDOW_MS, () => flush());
  /** Stops this bridge's own observers (capture off on this site). */
  const observing = new AbortController();
  signal.addEventListener('abort', () => observing.abort(), { once: true });
  /** Where the page side's requests wait for their Resource Timing entry. */
  const resources = new ResourceTimings((event) => accept([event]), observing.signal);

  /**
   * How the page is being left: not; hidden (nothing then waits for our core); or unloading
   * (pagehide, until a pageshow: what comes then is also sent at once).
   */
  let left: 'no' | 'hidden' | 'unloading' = 'no';
  /** Sends what is held, once the settings say capture is on here, and the core is ready or cannot be waited for. */
  const flush = () => {
    sendWindow.cancel();
    if (!gate.open || (!outbox.queued && !outbox.dropped)) return;
    if (!core.ready(left !== 'no' || outbox.queued >= FLUSH_SIZE)) return;
    const { groups, dropped } = outbox.take(views.page);
    let lost = dropped + link.lost;
    link.lost = 0;
    for (const group of groups) {
      sendGroup(link, core.tracer, group, lost);
      lost = 0;
    }
  };

  // Once configured, the page side's events come on a DOM event of this random name: dispatch is
  // synchronous, so none is in flight when the page goes away (a port message might be lost).
  const flushEvent = randomHexId(16);
  // The page side asks on this one whether a request gets `traceparent`; the answer is ours.
  const askEvent = randomHexId(16);
  onPrivateEvent(
    askEvent,
    (url, event) => {
      if (typeof url === 'string' && !gate.off && shouldPropagate(url, location.origin, config.propagation)) event.preventDefault();
    },
    signal,
  );
  const sendConfig = () =>
    gate.configured &&
    configure({
      type: 'config',
      traceId: views.page.traceId,
      propagate: config.propagation.sameOrigin || config.propagation.origins.length > 0,
      askEvent,
      sampleRatio: config.tracer.sampleRatio,
      flushEvent,
      consoleErrors: config.consoleErrors,
      off: gate.off,
    });

  const push = (event: PageEvent) => {
    if (event.type === 'route') {
      if (!views.route(event)) {
        outbox.dropped++;
        return;
      }
      sendConfig();
      announce();
    }
    outbox.add(views.of(event), event);
  };

  /** Takes events in: the page side's (`fromPage`: its requests wait for their Resource Timing entry) or our observers'. */
  const accept = (events: PageEvent[], fromPage = false) => {
    const admitted = gate.admit(events, outbox.queued, Date.now());
    outbox.dropped += admitted.dropped;
    if (gate.off) return;
    for (const event of admitted.events) {
      if (fromPage && event.type === 'http') resources.finished(event);
      else push(event);
    }
    // Unloading: at once, as what is posted later (Firefox: on visibilitychange, after pagehide)
    // has the least chance to arrive. Not merely hidden: a tab in the background may live on for
    // hours, and its events keep their window. LCP, INP and CLS at once too: a few per page view,
    // final at the idle moment after the first input or as the page is hidden, when the tab may
    // be about to close (Firefox lost an LCP held for the window, flushed at pagehide). FCP and
    // TTFB come during the load, with its burst.
    if (outbox.queued >= FLUSH_SIZE || left === 'unloading' || admitted.events.some((e) => e.type === 'vital' && e.name !== 'FCP' && e.name !== 'TTFB')) flush();
    else sendWindow.request();
  };

  const onBatch = (data: unknown) => {
    const batch = parsePageSideBatch(data);
    outbox.dropped += batch.dropped;
    accept(batch.events, true);
  };
  onPrivateEvent(
    flushEvent,
    (data) => {
      if (data === undefined || data === null) outbox.dropped++;
      else onBatch(data);
      // Sent on at once, within the page side's dispatch (which may be its pagehide listener).
      flush();
    },
    signal,
  );

  followCaptureConfig((next) => {
    config = next;
    if (gate.configure(next, frameHosts())) {
      // Capture is off on this site: the page side is told to stop and what it sent is discarded.
      observing.abort();
      outbox.clear();
      sendWindow.cancel();
    }
    core.tracer?.configure(next.tracer);
    sendConfig();
    flush();
  }, signal);

  // The performance timeline, observed from here (src/observe): started at the page's first idle
  // moment, not at document_start, where whatever runs delays the page's own scripts. Buffered,
  // they still see each entry since the navigation began; a page left before that moment starts
  // them as it goes. The Resource Timing entries of the page side's requests are watched from
  // the bridge's start (above, buffered), so no request waits for them. web-vitals hears visibilitychange on
  // window, in the capture phase: before our listener below on document, so its final values on
  // hiding are taken first; started only as the page is left, it misses that hide (README,
  // Delivery).
  const finishing: (() => void)[] = [];
  finishing.push(() => resources.leave());
  let observed = false;
  const observe = () => {
    if (observed || observing.signal.aborted) return;
    observed = true;
    startObservers({
      emit: (event) => accept([event]),
      signal: observing.signal,
      onLeave: (finish) => finishing.push(finish),
      view: () => views.view,
      interactionSpan: (from, to) => views.interactionSpan(from, to),
    });
  };
  requestIdleCallback(observe, { timeout: OBSERVE_WITHIN_MS });

  // Closing or hiding the tab must not lose what was captured.
  const leave = (how: 'hidden' | 'unloading') => {
    if (left !== 'unloading') left = how;
    observe();
    for (const finish of finishing) finish();
    flush();
  };
  window.addEventListener('pagehide', () => leave('unloading'), { signal });
  window.addEventListener('pageshow', () => (left = 'no'), { signal });
  document.addEventListener('visibilitychange', () => (document.visibilityState === 'hidden' ? leave('hidden') : left === 'hidden' && (left = 'no')), { signal });
  return {
    onBatch,
    onForged() {
      outbox.dropped++;
      sendWindow.request();
    },
  };
}
