/**
 * The bridge: takes the page's events from the private port and its own observers' (src/observe),
 * checks them, and sends them to the background: as spans made by this frame's WASM core where it
 * runs here (Firefox, once loaded), else as checked events for the background's core.
 */
import type { PageContext } from '../protocol/bridge';
import { parsePageSideBatch, type PageEvent } from '../protocol/page';
import { randomHexId } from '../tracer/ids';
import { Tracer } from '../tracer/tracer';
import { BackgroundLink } from './background-link';
import { CORE_IN_CONTENT } from './core-placement';
import { onPrivateEvent } from './private-event';
import { startObservers } from '../observe';
import { ResourceTimings } from '../observe/resources';
import { RateLimit } from './rate-limit';
import { sendGroup, type Group } from './send-group';
import { DEFAULT_CAPTURE_CONFIG, followCaptureConfig, type CaptureConfig } from '../capture-config';
import { acceptPagePort } from './page-port';
import { captureOff, hostOf } from '../sites';
import { shouldPropagate } from '../propagation';

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
/** Page views remembered for late events (a request that outlived several route changes). */
const MAX_VIEWS = 50;
/** Interactions remembered for INP, which names the one it measures when the page is hidden. */
const RECENT_INTERACTIONS = 200;
/** Events held until the settings are read (they say whether capture is off on this site). */
const MAX_UNCONFIGURED = 4 * FLUSH_SIZE;

/** The hosts of this frame and, where the browser tells (Chromium), of the frames around it. */
const frameHosts = () => [location.hostname, ...Array.from(location.ancestorOrigins ?? [], hostOf)];

/**
 * Whether `url` is of this document's origin. A route change can only move to such a URL
 * (history.pushState refuses others), so one that claims another origin is forged.
 */
const ownOrigin = (url: string) => {
  try {
    return new URL(url).origin === location.origin;
  } catch {
    return false;
  }
};

export function startBridge(signal: AbortSignal): void {
  let page: PageContext = {
    traceId: randomHexId(16),
    rootSpanId: randomHexId(8),
    timeOrigin: performance.timeOrigin,
    url: location.href,
  };
  /** Recent page views by number (0: the document), for events that arrive after a route change. */
  const views = new Map<number, PageContext>([[0, page]]);
  /** The page load always belongs to the first page view, even when a route change came before it. */
  const initial = page;
  const link = new BackgroundLink(signal);
  // Each frame names its page view to the background as it begins, before any of its ids can
  // leave the page (in a traceparent), so the page view is bound to this frame before another
  // could claim it; the top frame's is also what its frames' page views link to.
  const announce = () => link.send({ type: 'view', page, dropped: 0 });
  announce();
  let queue: Group[] = [];
  let queued = 0;
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last batch left on the timer. */
  let lastTimed = -FLUSH_WINDOW_MS;
  const schedule = () =>
    (timer ??= setTimeout(
      () => {
        lastTimed = performance.now();
        flush();
      },
      Math.max(0, lastTimed + FLUSH_WINDOW_MS - performance.now()),
    ));
  // This frame's core, where it runs here (src/bridge/core-placement.ts: Firefox): instantiated
  // when the first batch is to be sent, not at document_start, and that batch waits for it. Where
  // there is none (Chromium; or WASM refused), batches go as events, for the background's core.
  let tracer: Tracer | undefined;
  let core: 'unloaded' | 'loading' | 'settled' = CORE_IN_CONTENT ? 'unloaded' : 'settled';
  const loadCore = () => {
    core = 'loading';
    Tracer.load('content')
      .then(
        (loaded) => {
          try {
            loaded.configure(config.tracer);
            tracer = loaded;
          } catch {
            // a core that refuses the settings: the background's core makes this frame's spans
          }
        },
        () => undefined,
      )
      .finally(() => {
        core = 'settled';
        flush();
      });
  };
  const limit = new RateLimit(EVENTS_PER_SECOND);
  /** Stops this bridge's own observers (capture off on this site). */
  const observing = new AbortController();
  signal.addEventListener('abort', () => observing.abort(), { once: true });
  /** Where the page side's requests wait for their Resource Timing entry. */
  const resources = new ResourceTimings((event) => accept([event]), observing.signal);

  /** Whether the page is being left (hidden or unloading): nothing then waits for our core. */
  let leaving = false;
  /** Whether it is unloading (pagehide, until a pageshow): what comes then is sent at once. */
  let unloading = false;
  /**
   * Sends what is queued. While our core loads, it waits for it, unless the page is being left or
   * a full batch is waiting (a load that never ends must not hold events without bound): those go
   * as events, for the background's core.
   */
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    // Nothing leaves before the settings say capture is on here, and nothing after they say off.
    if (!configured || off || (!queued && !dropped)) return;
    if (core !== 'settled' && !leaving && queued < FLUSH_SIZE) {
      if (core === 'unloaded') loadCore();
      return;
    }
    const groups = queue.length ? queue : [{ page, events: [] }];
    queue = [];
    queued = 0;
    let lost = dropped + link.lost;
    dropped = 0;
    link.lost = 0;
    for (const group of groups) {
      sendGroup(link, tracer ?? null, group, lost);
      lost = 0;
    }
  };

  // The page side learns the page view's trace, where `traceparent` may go and the sampling.
  let config: CaptureConfig = DEFAULT_CAPTURE_CONFIG;
  let configured = false;
  // Capture is off on this site: the page side is told to stop and what it sent is discarded.
  // It stays off for this document (the page side has undone its hooks); a reload turns it on.
  let off = false;
  // Once configured, the page side's events come on a DOM event of this random name: dispatch is
  // synchronous, so none is in flight when the page goes away (a port message might be lost).
  const flushEvent = randomHexId(16);
  // The page side asks on this one whether a request gets `traceparent`; the answer is ours.
  const askEvent = randomHexId(16);
  onPrivateEvent(
    askEvent,
    (url, event) => {
      if (typeof url === 'string' && !off && shouldPropagate(url, location.origin, config.propagation)) event.preventDefault();
    },
    signal,
  );
  const sendConfig = () =>
    configured &&
    configure({
      type: 'config',
      traceId: page.traceId,
      propagate: config.propagation.sameOrigin || config.propagation.origins.length > 0,
      askEvent,
      sampleRatio: config.tracer.sampleRatio,
      flushEvent,
      consoleErrors: config.consoleErrors,
      off,
    });

  /** The page side's current page view number, and its recent interactions' start and span id. */
  let currentView = 0;
  const interactions: [start: number, spanId: string][] = [];
  const push = (event: PageEvent) => {
    if (event.type === 'interaction' && event.spanId && interactions.push([event.start, event.spanId]) > RECENT_INTERACTIONS) interactions.shift();
    if (event.type === 'route') {
      if (!ownOrigin(event.url)) {
        dropped++;
        return;
      }
      // A new page view, in the trace the page side already started for it.
      page = { traceId: event.traceId, rootSpanId: randomHexId(8), timeOrigin: page.timeOrigin, url: event.url };
      views.set(event.view, page);
      currentView = event.view;
      if (views.size > MAX_VIEWS) views.delete(views.keys().next().value!);
      sendConfig();
      announce();
    }
    const view = 'view' in event && event.view !== undefined ? views.get(event.view) : undefined;
    const context = event.type === 'page-load' ? initial : (view ?? page);
    const last = queue.at(-1);
    if (last?.page === context) last.events.push(event);
    else queue.push({ page: context, events: [event] });
    queued++;
  };

  /** Takes events in: the page side's (`fromPage`: its requests wait for their Resource Timing entry) or our observers'. */
  const accept = (events: PageEvent[], fromPage = false) => {
    if (off) return;
    if (!configured && queued + events.length > MAX_UNCONFIGURED) {
      dropped += events.length;
      return;
    }
    const room = limit.take(events.length, Date.now());
    if (events.length > room) {
      dropped += events.length - room;
      events = events.slice(0, room);
    }
    for (const event of events) {
      if (fromPage && event.type === 'http') resources.finished(event);
      else push(event);
    }
    // Unloading: at once, as what is posted later (Firefox: on visibilitychange, after pagehide)
    // has the least chance to arrive. Not merely hidden: a tab in the background may live on for
    // hours, and its events keep their window.
    if (queued >= FLUSH_SIZE || unloading) flush();
    else schedule();
  };

  const onBatch = (data: unknown) => {
    const batch = parsePageSideBatch(data);
    dropped += batch.dropped;
    accept(batch.events, true);
  };
  onPrivateEvent(
    flushEvent,
    (data) => {
      if (data === undefined || data === null) dropped++;
      else onBatch(data);
      // Sent on at once, within the page side's dispatch (which may be its pagehide listener).
      flush();
    },
    signal,
  );
  const configure = acceptPagePort(
    {
      onBatch,
      onForged() {
        dropped++;
        schedule();
      },
    },
    signal,
  );

  followCaptureConfig((next) => {
    config = next;
    configured = true;
    if (!off && frameHosts().some((host) => captureOff(host, next.offSites))) {
      off = true;
      observing.abort();
      queue = [];
      queued = dropped = 0;
      clearTimeout(timer);
    }
    tracer?.configure(next.tracer);
    sendConfig();
    flush();
  }, signal);

  // The performance timeline, observed from here (src/observe), from document_start: started
  // after the load event instead, they cost no less there (npm run bench, section 3) and would
  // miss a page left before it loads. web-vitals hears visibilitychange on window, in the capture
  // phase: before our listener below on document, so its final values on hiding are taken first.
  const finishing: (() => void)[] = [];
  finishing.push(() => resources.leave());
  startObservers({
    emit: (event) => accept([event]),
    signal: observing.signal,
    onLeave: (finish) => finishing.push(finish),
    view: () => currentView,
    interactionSpan: (from, to) => interactions.find(([start]) => start >= from && start <= to)?.[1],
  });

  // Closing or hiding the tab must not lose what was captured.
  const leave = () => {
    leaving = true;
    for (const finish of finishing) finish();
    flush();
  };
  window.addEventListener(
    'pagehide',
    () => {
      unloading = true;
      leave();
    },
    { signal },
  );
  window.addEventListener('pageshow', () => (leaving = unloading = false), { signal });
  document.addEventListener('visibilitychange', () => (document.visibilityState === 'hidden' ? leave() : (leaving = false)), { signal });
}
