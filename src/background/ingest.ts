/**
 * Accepts span batches from the bridges, composing its stages, each a module with tests of its
 * own: parse (again: the bridge is trusted less than the background; src/protocol/bridge.ts) →
 * identify (the sender, as the browser names it; sender.ts) → recognise a batch taken before
 * (seen-batches.ts) → check (page views the sender owns, trace-owners.ts; times,
 * time-window.ts) → make spans (make-spans.ts: the core, for frames without their own) → limit
 * (src/store/page-view-limit.ts) → finish (finish-spans.ts: the dropped span, redaction, session)
 * → the user's span rules (apply-rules.ts) → store within budget (store-in-budget.ts) → acknowledge.
 *
 * Answers (see src/protocol/bridge.ts): a batch refused for reasons that would hold again (it is
 * malformed or forged, or the core cannot take it) is counted as dropped, per span or event, and
 * nacked, so the bridge never sends it again; a batch taken before is acked again and nothing
 * else is done with it; only a batch that could not be stored is left unanswered, to come again.
 */
import { browser, type Browser } from 'wxt/browser';
import { BRIDGE_PORT, itemsIn, parseBridgeMessage, type BackgroundReply, type PageContext } from '../protocol/bridge';
import { asRecord } from '../protocol/check';
import { redactor, type RedactionRules } from '../redaction';
import type { Settings } from '../settings';
import type { PageEvent } from '../protocol/page';
import type { SpanRecord } from '../protocol/span';
import { captureOff } from '../sites';
import { countDropped, countSampledOut } from '../status';
import type { SpanlightDB } from '../store/db';
import { withinPageViewLimit } from '../store/page-view-limit';
import { warnOnce } from '../log';
import { finishSpans } from './finish-spans';
import { SpanMaker, type MadeSpans } from './make-spans';
import { itemsOf, Refused, type BatchMessage } from './refused';
import { addLinks } from './links';
import { SpanRules } from './apply-rules';
import type { BrowserInfo } from '../otlp/resource';
import { SeenBatches } from './seen-batches';
import { ofSenderOrigin, pinRootUrls, senderOf, type Sender } from './sender';
import { Sessions } from './session';
import { storeInBudget, type StoreSpans } from './store-in-budget';
import { withinTimeWindow } from './time-window';
import { TraceOwners } from './trace-owners';

/** Tabs whose top page view is remembered (the oldest named is forgotten first). */
const MAX_TOP_VIEWS = 1000;

/** Called after spans are stored, e.g. to schedule an export. */
export type OnStored = (count: number) => void;

/** The browser (for the resource span rules read), where ports come from, and the store step; tests pass their own. */
export interface IngestOptions {
  browserInfo: BrowserInfo;
  onConnect?: Pick<Browser.runtime.Port['onDisconnect'], 'addListener'> & { addListener(listener: (port: Browser.runtime.Port) => void): void };
  store?: StoreSpans;
  /** Told of each page view a frame names (its batches' and views' page), for the network observer's page views. */
  onPage?: (sender: Sender, page: PageContext) => void;
  /** Told of the spans stored for a tab, for the network observer's matcher. */
  onSpans?: (tabId: number, spans: readonly SpanRecord[]) => void;
  /** The page side's spans of a tab less those the network observer's own stand for (src/background/network/resource-twins.ts). */
  merge?: (tabId: number, spans: SpanRecord[]) => SpanRecord[];
}

/** Where observed spans go: the frame that named their page view. */
export type ObservedTab = Pick<Sender, 'tabId' | 'origin' | 'hosts'>;

/** What ingest offers the background's own observers. */
export interface Ingest {
  /**
   * Stores `events` (made by the background, e.g. from webRequest) in page view `page` of `tab`
   * through the bridge batches' steps after the sender checks: capture off, taken before, make,
   * time window, page-view limit, finish, rules, store in budget, counts. `key` names the set
   * (stable, so a retry stores once). Rejects when it could not be stored.
   */
  storeObserved(page: PageContext, events: PageEvent[], tab: ObservedTab, key: string): Promise<void>;
}

/**
 * Listens for bridge ports. `settings` gives the current settings (kept in memory by the caller,
 * so a batch costs no storage read).
 */
export function acceptBridgePorts(
  db: SpanlightDB,
  runId: Promise<string>,
  settings: () => Promise<Settings>,
  onStored: OnStored,
  { browserInfo, onConnect = browser.runtime.onConnect, store = storeInBudget, onPage, onSpans, merge }: IngestOptions,
): Ingest {
  const maker = new SpanMaker();
  const spanRules = new SpanRules(browserInfo);
  // Compiled once per change of the rules.
  let rules: RedactionRules | undefined;
  let compiled: ReturnType<typeof redactor>;
  const redactorOf = (next: RedactionRules) => {
    if (next !== rules) [rules, compiled] = [next, redactor(next)];
    return compiled;
  };
  const sessions = new Sessions();
  const seen = new SeenBatches(db);
  const owners = new TraceOwners(db);
  /**
   * Each tab's top page view, as its top frame last named it, with that frame's origin; in memory,
   * so named again after a restart by its next batch.
   */
  const topViews = new Map<number, { page: PageContext; origin: string }>();
  const rememberTop = ({ tabId, origin }: Sender, page: PageContext) => {
    topViews.delete(tabId);
    topViews.set(tabId, { page, origin });
    if (topViews.size > MAX_TOP_VIEWS) topViews.delete(topViews.keys().next().value!);
  };

  /** Limits, finishes, rules and stores spans made for `page` (under batch `key`); counts what it left out once stored. */
  const keep = async (made: MadeSpans, page: PageContext, dropped: number, key: string, tab: ObservedTab, current: Settings, inTurn: InTurn) => {
    const run = await runId;
    const timed = withinTimeWindow(made.spans, page.timeOrigin, Date.now());
    const session = await sessions.touch(current.session.timeoutMinutes * 60_000);
    const redact = redactorOf(current.redaction);
    // A frame's batches are stored one after the other, so the spans-per-page-view limit counts
    // what the previous batch stored.
    const { added, over, ruled, spans } = await inTurn(async () => {
      const { kept, over } = await withinPageViewLimit(db, timed.kept, current.limits.spansPerPageView);
      const lost = dropped + timed.out + over;
      const finished = finishSpans(kept, { page, pageUrl: made.pageUrl, lost, redact, session, tabId: tab.tabId });
      // After redaction, so that rules see (and export) only redacted strings; their drops are
      // not losses, so the dropped span does not count them.
      const { spans, dropped: ruled } = spanRules.apply(current.rules, finished);
      return { added: await store(db, key, spans, { runId: run, tabId: tab.tabId, origin: tab.origin }, current), over, ruled, spans };
    }).catch((error: unknown) => {
      sessions.untaken(session);
      throw error;
    });
    if (!added) sessions.untaken(session);
    if (dropped + timed.out) void countDropped('invalid', dropped + timed.out);
    if (made.sampledOut) void countSampledOut(made.sampledOut);
    if (over) void countDropped('limit', over);
    if (ruled) void countDropped('rule', ruled);
    if (added) {
      onStored(added);
      onSpans?.(tab.tabId, spans);
    }
  };

  /** Checks and makes one batch (not taken before), then keeps it. */
  const take = async (message: BatchMessage, sender: Sender, current: Settings, inTurn: InTurn) => {
    if (!(await owners.claim(message.page.traceId, sender.owner, await runId, sender.tabId))) {
      throw new Refused('a page view of another sender', itemsOf(message));
    }
    if (sender.top && !topViews.has(sender.tabId)) rememberTop(sender, message.page);
    onPage?.(sender, message.page);
    const made = await maker.spansOf(message, current);
    pinRootUrls(made.spans, sender);
    // A frame's page view links to its top's only where the top frame named one of the tab's
    // origin now: a top document that has not named its page view yet (its bridge starts on the
    // task after document_start, which a busy page delays) leaves the tab's previous one, of
    // another site, in the map.
    const top = sender.top ? undefined : topViews.get(sender.tabId);
    addLinks(made.spans, top && top.origin === sender.tabOrigin ? top.page : undefined);
    if (merge) made.spans = merge(sender.tabId, made.spans);
    await keep(made, message.page, message.dropped, message.batch, sender, current, inTurn);
  };

  // Observed spans are stored one set after the other.
  const observedTurn = turns();

  onConnect.addListener((port: Browser.runtime.Port) => {
    if (port.name !== BRIDGE_PORT || port.sender?.id !== browser.runtime.id) return;
    const sender = senderOf(port);
    const inTurn = turns();
    port.onMessage.addListener(async (raw: unknown) => {
      const seq = asRecord(raw)?.seq;
      const refuse = (error: string, count: number) => {
        void countDropped('invalid', count);
        if (typeof seq === 'number') reply(port, { type: 'nack', seq, error });
      };
      const message = parseBridgeMessage(raw);
      if (!message) return refuse('malformed batch', itemsIn(raw));
      // The page URL names the page view's origin and service.name: it must be the sender's.
      if (!sender || !ofSenderOrigin(message.page.url, sender)) return refuse('a page of another origin', itemsIn(raw));
      const ack = () => reply(port, { type: 'ack', seq: message.seq });
      try {
        if (message.type === 'view') {
          // The bridge names each page view as it begins: that binds it to this sender.
          const owned = await owners.claim(message.page.traceId, sender.owner, await runId, sender.tabId);
          if (owned && sender.top) rememberTop(sender, message.page);
          if (owned) onPage?.(sender, message.page);
          return ack();
        }
        const current = await settings();
        if (sender.hosts.some((host) => captureOff(host, current.capture.offSites))) return ack();
        if (await seen.seen(message.batch)) return ack();
        if (await seen.once(message.batch, () => take(message, sender, current, inTurn))) ack();
      } catch (error) {
        if (error instanceof Refused) {
          // Refused once, for good: should the nack be lost, a resend is only acked.
          seen.remember(message.batch);
          return refuse(error.message, error.count);
        }
        // Not acknowledged: the bridge sends the batch again, later each time.
        warnOnce(`could not store a batch: ${(error as Error)?.name}`, error);
      }
    });
  });

  return {
    async storeObserved(page, events, tab, key) {
      const current = await settings();
      if (tab.hosts.some((host) => captureOff(host, current.capture.offSites))) return;
      if (await seen.seen(key)) return;
      const message: BatchMessage = { type: 'events', seq: 0, batch: key, page, events, dropped: 0 };
      const taken = await seen.once(key, async () => keep(await maker.spansOf(message, current), page, 0, key, tab, current, observedTurn));
      if (!taken) throw new Error('observed spans not stored');
    },
  };
}

/** Runs tasks one after the other, each after the previous settled. */
type InTurn = <T>(task: () => Promise<T>) => Promise<T>;

function turns(): InTurn {
  let storing: Promise<unknown> = Promise.resolve();
  return (task) => {
    const turn = storing.then(task);
    storing = turn.catch(() => undefined);
    return turn;
  };
}

function reply(port: Browser.runtime.Port, message: BackgroundReply): void {
  try {
    port.postMessage(message);
  } catch {
    // The tab went away; nothing to acknowledge.
  }
}
