/**
 * Records, as spans of the right page view, the requests the page side does not: observed
 * (observer.ts), classified (classify.ts), told from the page's own fetch and XHR where only the
 * page side's spans can tell (matcher.ts), placed in a page view (page-views.ts), and stored
 * through ingest's own steps as `http` page events, so they are redacted, sampled, limited,
 * ruled and exported as every span. What finds no page view is left out, counted in `unplaced`.
 */
import type { PageContext } from '../../protocol/bridge';
import type { PageEvent } from '../../protocol/page';
import { hrTimeToMs, SpanKind, type SpanRecord } from '../../protocol/span';
import type { Settings } from '../../settings';
import { endpointOf } from '../../signals';
import { countDropped, updateStatus } from '../../status';
import { warnOnce } from '../../log';
import type { Ingest } from '../ingest';
import type { Sender } from '../sender';
import { classify, type RequestKind } from './classify';
import { Matcher, SOCKET_HOLD_MS } from './matcher';
import { ResourceTwins } from './resource-twins';
import { observeRequests, type Observation, type WebRequestApi } from './observer';
import { PageViews, requestOrigin, type ViewOf } from './page-views';

/** How often waiting requests are looked at, ms. */
const TICK_MS = 1000;
/** Events per stored set. */
const SET_SIZE = 100;
/** Tries to store one set before it is given up (and counted as dropped). */
const TRIES = 3;

type Http = Extract<PageEvent, { type: 'http' }>;
interface Placed {
  view: ViewOf;
  event: Http;
  requestId: string;
}
interface Pending {
  view: ViewOf;
  placed: Placed[];
  tries: number;
}

export class NetworkRecorder {
  readonly pages = new PageViews();
  readonly matcher: Matcher<Placed>;
  /** Beacons and event streams, which the page side sees as resources. */
  readonly twins: ResourceTwins;
  /** Requests that found no page view (nothing to attach them to). */
  unplaced = 0;
  private ingest: Ingest | undefined;
  private ready: Placed[] = [];
  private retry: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What the status was last told. */
  private told = '';

  constructor(
    private readonly runId: Promise<string>,
    private readonly settings: () => Promise<Settings>,
    private readonly now: () => number = Date.now,
  ) {
    this.matcher = new Matcher(now);
    this.twins = new ResourceTwins(now);
  }

  /**
   * Starts listening on `api` for `types` (synchronously) and storing through `ingest`; what is
   * heard once `live` says false (the permission was given back) is ignored.
   */
  start(api: WebRequestApi, ingest: Ingest, types?: readonly string[], live: () => boolean = () => true): void {
    this.ingest = ingest;
    observeRequests(
      api,
      (observation) => {
        if (live()) void this.observe(observation);
      },
      types,
    );
  }

  /** A frame named its current page view (ingest's onPage). */
  readonly page = (sender: Sender, page: PageContext): void => {
    const id = sender.documentId === undefined ? {} : { documentId: sender.documentId };
    this.pages.named({ page, tabId: sender.tabId, frameId: sender.frameId, origin: sender.origin, hosts: sender.hosts, ...id }, this.now());
    // The sockets of a document the tab has left are told apart soon: its page side's spans left with it.
    if (sender.frameId === 0) this.matcher.release(sender.tabId, page.timeOrigin);
  };

  /** Spans ingest stored for a tab (ingest's onSpans): the page's own requests and sockets consume their twins. */
  readonly spans = (tabId: number, spans: readonly SpanRecord[]): void => {
    for (const span of spans) {
      const a = span.attributes;
      const url = a['url.full'];
      const own = a['spanlight.http.api'] === 'fetch' || a['spanlight.http.api'] === 'xhr';
      const socket = a['network.protocol.name'] === 'websocket' && a['spanlight.request.seen_by'] === undefined;
      if (span.kind !== SpanKind.CLIENT || !(own || socket) || typeof url !== 'string') continue;
      this.matcher.seen({ tabId, method: own ? span.name : 'GET', url, start: hrTimeToMs(span.start) });
    }
  };

  /** Classifies, places and queues one observed request. */
  async observe(request: Observation): Promise<void> {
    const s = await this.settings();
    const endpoints = [endpointOf('traces', s.export), endpointOf('logs', s.export)];
    const kind = classify(request, { endpoints, isPageDocument: (tab, frame, url) => this.pages.isPageDocument(tab, frame, url) });
    if (!kind) return;
    const view = request.tabId < 0 ? this.pages.topOfOrigin(requestOrigin(request) ?? '', request.start) : this.pages.at(request.tabId, request.frameId, request.start, request);
    if (!view) {
      this.unplaced++;
      this.schedule();
      return;
    }
    // A beacon or an event stream whose resource span the page side stored already is recorded.
    if ((kind === 'beacon' || kind === 'candidate') && request.tabId >= 0 && !this.twins.observedOnce(request.tabId, request.url, request.start)) return;
    const placed = { view, requestId: request.requestId, event: eventOf(request, kind, view.page) };
    if (kind === 'candidate') {
      this.matcher.offer({ tabId: request.tabId, method: request.method, url: request.url, start: request.start }, request.end, placed);
      this.report();
    } else if (kind === 'websocket' && this.pageSocket(request)) {
      // The page side records its own sockets (src/capture/sockets.ts), under their ws(s) URL.
      const url = request.url.replace(/^http(s?):/, 'ws$1:');
      this.matcher.offer({ tabId: request.tabId, method: 'GET', url, start: request.start }, request.end, placed, SOCKET_HOLD_MS);
      this.report();
    } else this.ready.push(placed);
    this.schedule();
  }

  /** Whether a socket's handshake is the page's own: of a tab, and (where Firefox names it) of one of its frame's documents, not a worker's script. */
  private pageSocket(request: Observation): boolean {
    const document = request.documentUrl;
    return request.tabId >= 0 && (document === undefined || this.pages.isPageDocument(request.tabId, request.frameId, document));
  }

  /** Stores what is decided (matched candidates are gone; unmatched ones past their grace are `request`s). */
  async flush(): Promise<void> {
    const dropped = this.matcher.dropped;
    if (dropped) void countDropped('observed', dropped);
    this.matcher.dropped = 0;
    const decided = [...this.ready, ...this.matcher.due()];
    this.ready = [];
    const sets = [...this.retry, ...setsOf(decided)];
    this.retry = [];
    const run = await this.runId;
    await Promise.all(sets.map((set) => this.store(set, run)));
    this.report();
  }

  /** Tells the status how many requests wait and how many found no page view, when that changed. */
  private report(): void {
    const network = { waiting: this.matcher.size, unplaced: this.unplaced };
    const told = JSON.stringify(network);
    if (told === this.told) return;
    this.told = told;
    void updateStatus((s) => ({ ...s, network }));
  }

  private async store(set: Pending, run: string): Promise<void> {
    const key = `webRequest/${run}/${set.view.page.traceId}/${set.placed.map((p) => p.requestId).join(',')}`;
    try {
      await this.ingest!.storeObserved(set.view.page, set.placed.map((p) => p.event), set.view, key);
    } catch (error) {
      if (++set.tries < TRIES) this.retry.push(set);
      else void countDropped('observed', set.placed.length);
      warnOnce(`could not store observed requests: ${(error as Error)?.name}`, error);
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().finally(() => {
        if (this.matcher.size || this.ready.length || this.retry.length) this.schedule();
      });
    }, TICK_MS);
  }
}

/** The decided requests, by page view, in sets of at most SET_SIZE. */
function setsOf(decided: readonly Placed[]): Pending[] {
  const byView = new Map<string, Placed[]>();
  for (const placed of decided) {
    const key = `${placed.view.tabId}/${placed.view.frameId}/${placed.view.page.traceId}`;
    byView.set(key, [...(byView.get(key) ?? []), placed]);
  }
  const sets: Pending[] = [];
  for (const placed of byView.values()) {
    for (let i = 0; i < placed.length; i += SET_SIZE) sets.push({ view: placed[0]!.view, placed: placed.slice(i, i + SET_SIZE), tries: 0 });
  }
  return sets;
}

const API = { beacon: 'beacon', websocket: 'websocket', worker: 'worker', candidate: 'browser' } as const;

/** The `http` page event of an observed request, on its page view's clock. */
export function eventOf(request: Observation, kind: RequestKind, page: PageContext): Http {
  const start = Math.max(0, request.start - page.timeOrigin);
  const script = kind === 'worker' && request.documentUrl ? { script: request.documentUrl } : {};
  return {
    type: 'http',
    api: API[kind],
    method: request.method,
    url: request.url,
    start,
    end: Math.max(start, request.end - page.timeOrigin),
    status: request.statusCode,
    ...(request.error ? { error: request.error } : {}),
    observed: { kind: kind === 'candidate' ? 'request' : kind, cacheHit: request.fromCache, ...script },
  };
}
