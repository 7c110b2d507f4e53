/**
 * Accepts span batches from the bridges: parses each message again, runs the core for tabs whose
 * CSP refused it in the content script, stores the spans, and only then acknowledges.
 */
import { browser, type Browser } from 'wxt/browser';
import { BRIDGE_PORT, parseBridgeMessage, type BackgroundReply, type IngestMessage, type PageContext } from '../protocol/bridge';
import { asRecord } from '../protocol/check';
import type { HrTime, SpanRecord } from '../protocol/span';
import { redactSpans, redactor, type RedactionRules } from '../redaction';
import { tracerConfig, type Settings } from '../settings';
import { captureOff, hostOf } from '../sites';
import { countDropped, countSampledOut } from '../status';
import { storedBytes, type SpanlightDB } from '../store/db';
import { originOf, withinPageViewLimit } from '../store/page-views';
import { makeOriginRoom } from '../store/retention';
import { randomHexId } from '../tracer/ids';
import { Tracer, toSpans } from '../tracer/tracer';
import { warnOnce } from '../log';
import { addLinks } from './links';
import { storeMakingRoom } from './retention';
import { Sessions } from './session';

/** Tabs whose top page view is remembered (the oldest named is forgotten first). */
const MAX_TOP_VIEWS = 1000;

/** Called after spans are stored, e.g. to schedule an export. */
export type OnStored = (count: number) => void;

/**
 * Listens for bridge ports. `settings` gives the current settings (kept in memory by the caller,
 * so a batch costs no storage read).
 */
export function acceptBridgePorts(db: SpanlightDB, runId: Promise<string>, settings: () => Promise<Settings>, onStored: OnStored): void {
  let tracer: Promise<Tracer> | undefined;
  // Compiled once per change of the rules.
  let rules: RedactionRules | undefined;
  let compiled: ReturnType<typeof redactor>;
  const redactorOf = (next: RedactionRules) => {
    if (next !== rules) [rules, compiled] = [next, redactor(next)];
    return compiled;
  };
  const sessions = new Sessions();
  /** Each tab's top page view, as its top frame last named it; in memory, so named again after a restart by its next batch. */
  const topViews = new Map<number, PageContext>();
  const rememberTop = (tabId: number, page: PageContext) => {
    topViews.delete(tabId);
    topViews.set(tabId, page);
    if (topViews.size > MAX_TOP_VIEWS) topViews.delete(topViews.keys().next().value!);
  };
  const spansOf = async (message: Exclude<IngestMessage, { type: 'view' }>): Promise<{ spans: SpanRecord[]; sampledOut: number }> => {
    if (message.type === 'spans') return message;
    tracer ??= Tracer.load('background');
    const core = await tracer;
    core.configure(tracerConfig(await settings()));
    return toSpans(core, message.page, message.events);
  };
  /** The page view's URL, redacted by the core (the bridge's core already did it for spans). */
  const pageUrlOf = async (message: IngestMessage): Promise<string> => {
    if (message.type === 'spans') return message.page.url;
    tracer ??= Tracer.load('background');
    return (await tracer).writer.redactUrl(message.page.url);
  };

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== BRIDGE_PORT || port.sender?.id !== browser.runtime.id) return;
    const tabId = port.sender?.tab?.id ?? -1;
    const top = (port.sender?.frameId ?? 0) === 0;
    // The tab's page and this frame, as the browser saw them when the port opened: a frame on a
    // site where capture is on, inside a page where it is off, is off too.
    const hosts = [hostOf(port.sender?.tab?.url), hostOf(port.sender?.url)].filter(Boolean);
    // The frame's origin, whose stored bytes are limited, as the browser saw it (the page's own
    // claim only where the browser does not say).
    let origin = port.sender?.url ? originOf(port.sender.url) : undefined;
    // This frame's batches are decoded as they come but stored one after the other, so the
    // spans-per-page-view limit counts what the previous batch stored.
    let storing: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
      const turn = storing.then(task);
      storing = turn.catch(() => undefined);
      return turn;
    };
    port.onMessage.addListener(async (raw: unknown) => {
      const message = parseBridgeMessage(raw);
      if (!message) {
        void countDropped('invalid', 1);
        const seq = asRecord(raw)?.seq;
        if (typeof seq === 'number') reply(port, { type: 'nack', seq, error: 'malformed batch' });
        return;
      }
      if (message.type === 'view') {
        if (top) rememberTop(tabId, message.page);
        return reply(port, { type: 'ack', seq: message.seq });
      }
      if (top && !topViews.has(tabId)) rememberTop(tabId, message.page);
      try {
        const current = await settings();
        if (hosts.some((host) => captureOff(host, current.capture.offSites))) return reply(port, { type: 'ack', seq: message.seq });
        const made = await spansOf(message);
        addLinks(made.spans, top ? undefined : topViews.get(tabId));
        const session = await sessions.touch(current.session.timeoutMinutes * 60_000);
        const redact = redactorOf(current.redaction);
        const { added, over } = await inTurn(async () => {
          const { kept: spans, over } = await withinPageViewLimit(db, made.spans, current.limits.spansPerPageView);
          const lost = message.dropped + over;
          if (lost) spans.push(droppedSpan(message.page, lost, await pageUrlOf(message)));
          if (redact) redactSpans(spans, redact);
          for (const span of spans) {
            span.attributes['session.id'] = session;
            span.attributes['spanlight.tab.id'] = tabId;
          }
          origin ??= originOf(message.page.url);
          const bytes = storedBytes(spans);
          const evicted = await makeOriginRoom(db, origin, bytes, current.limits.originMegabytes * 1024 * 1024);
          if (evicted.dropped) void countDropped('origin', evicted.dropped);
          return { added: await storeMakingRoom(db, message.batch, spans, { runId: await runId, tabId, origin, bytes }), over };
        });
        if (message.dropped) void countDropped('invalid', message.dropped);
        if (made.sampledOut) void countSampledOut(made.sampledOut);
        if (over) void countDropped('limit', over);
        reply(port, { type: 'ack', seq: message.seq });
        if (added) onStored(added);
      } catch (error) {
        // Not acknowledged: the bridge sends the batch again.
        warnOnce(`could not store a batch: ${(error as Error)?.name}`, error);
      }
    });
  });
}

/**
 * A span that says, in the page view's own trace, how many of its events or spans were left out
 * (malformed, forged, over the rate limit, over the spans-per-page-view limit): drops are visible
 * in the exported data too, not only in the extension's status.
 */
function droppedSpan(page: PageContext, count: number, pageUrl: string): SpanRecord {
  const now = Date.now();
  const time: HrTime = [Math.floor(now / 1000), (now % 1000) * 1e6];
  return {
    traceId: page.traceId,
    spanId: randomHexId(8),
    parentSpanId: page.rootSpanId,
    name: 'spanlight.dropped',
    kind: 0,
    start: time,
    end: time,
    status: { code: 0 },
    attributes: { 'spanlight.dropped.count': count },
    events: [],
    pageUrl,
  };
}

function reply(port: Browser.runtime.Port, message: BackgroundReply): void {
  try {
    port.postMessage(message);
  } catch {
    // The tab went away; nothing to acknowledge.
  }
}
