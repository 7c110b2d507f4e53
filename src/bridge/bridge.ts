/**
 * The bridge: takes the page's events from the private port, checks them, turns them into spans
 * with the WASM core, and sends the spans to the background. Where this page's CSP refuses
 * WebAssembly in the content script, it sends the checked events for the background's core.
 */
import type { PageContext } from '../protocol/bridge';
import { parsePageBatch, type PageEvent } from '../protocol/page';
import { randomHexId } from '../tracer/ids';
import { redactUrl } from '../tracer/redact';
import { Tracer } from '../tracer/tracer';
import { BackgroundLink } from './background-link';
import { getSettings, watchSettings, type Settings } from '../settings';
import { acceptPagePort } from './page-port';

/** How long events wait to be batched, and how many make a batch go at once. */
const FLUSH_DELAY_MS = 250;
const FLUSH_SIZE = 500;
/** Events accepted from one page per second; the rest are dropped and counted. */
const EVENTS_PER_SECOND = 2000;

export function startBridge(signal: AbortSignal): void {
  const page: PageContext = {
    traceId: randomHexId(16),
    rootSpanId: randomHexId(8),
    timeOrigin: performance.timeOrigin,
    url: redactUrl(location.href),
  };
  const link = new BackgroundLink(signal);
  let queue: PageEvent[] = [];
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // undefined while loading; null when WASM is refused here and the background runs the core.
  let tracer: Tracer | null | undefined;
  let windowStart = 0;
  let windowCount = 0;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (tracer === undefined || (!queue.length && !dropped)) return;
    const events = queue;
    queue = [];
    const lost = dropped + link.lost;
    dropped = 0;
    link.lost = 0;
    if (!tracer) return link.send({ type: 'events', page, events, dropped: lost });
    try {
      link.send({ type: 'spans', spans: tracer.toSpans(page, events), dropped: lost });
    } catch {
      // Only a bug reaches here (events are checked); count them rather than break the page.
      link.send({ type: 'spans', spans: [], dropped: lost + events.length });
    }
  };

  const accept = (events: PageEvent[]) => {
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      windowCount = 0;
    }
    const room = Math.max(0, EVENTS_PER_SECOND - windowCount);
    windowCount += events.length;
    if (events.length > room) {
      dropped += events.length - room;
      events = events.slice(0, room);
    }
    queue.push(...events);
    if (queue.length >= FLUSH_SIZE) flush();
    else timer ??= setTimeout(flush, FLUSH_DELAY_MS);
  };

  const configure = acceptPagePort(
    {
      onBatch(data) {
        const batch = parsePageBatch(data);
        dropped += batch.dropped;
        accept(batch.events);
      },
      onForged() {
        dropped++;
        timer ??= setTimeout(flush, FLUSH_DELAY_MS);
      },
    },
    signal,
  );

  // The page side learns the page view's trace and where `traceparent` may go.
  const sendConfig = (settings: Settings) => configure({ type: 'config', traceId: page.traceId, propagation: settings.propagation });
  void getSettings().then(sendConfig, () => undefined);
  watchSettings(sendConfig, signal);

  Tracer.load('content').then(
    (loaded) => (tracer = loaded),
    () => (tracer = null),
  ).finally(flush);

  // Closing or hiding the tab must not lose what was captured.
  const onHide = () => document.visibilityState === 'hidden' && flush();
  window.addEventListener('pagehide', flush, { signal });
  document.addEventListener('visibilitychange', onHide, { signal });
}
