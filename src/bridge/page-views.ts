/**
 * The bridge's page views: the document's, one per route change the page side reports, and which
 * an event belongs to. Recent ones are remembered for late events (a request that outlived
 * several route changes); the page load always belongs to the document's, even when a route
 * change came first. Also the recent interactions, which INP names when the page is hidden.
 */
import type { PageContext } from '../protocol/bridge';
import type { PageEvent } from '../protocol/page';
import { randomHexId } from '../tracer/ids';

/** Page views remembered for late events. */
const MAX_VIEWS = 50;
/** Interactions remembered for INP. */
const RECENT_INTERACTIONS = 200;

type Route = Extract<PageEvent, { type: 'route' }>;

export class PageViews {
  /** The current page view. */
  page: PageContext;
  /** The page side's number for it (0: the document). */
  view = 0;
  #first: PageContext;
  #byNumber: Map<number, PageContext>;
  #interactions: [start: number, spanId: string][] = [];
  /** When each remembered route change happened (page-relative ms), oldest first. */
  #began: [time: number, page: PageContext][] = [];
  #forgot = false;
  /** This document's origin: a route change can only move within it (history.pushState refuses others). */
  #origin: string;

  constructor(url: string, timeOrigin: number, origin: string) {
    this.#origin = origin;
    this.page = this.#first = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin, url };
    this.#byNumber = new Map([[0, this.page]]);
  }

  /** A route change: the new page view, in the trace the page side started for it. False when it claims another origin (forged). */
  route(event: Route): boolean {
    try {
      if (new URL(event.url).origin !== this.#origin) return false;
    } catch {
      return false;
    }
    this.page = { traceId: event.traceId, rootSpanId: randomHexId(8), timeOrigin: this.page.timeOrigin, url: event.url };
    this.#byNumber.set(event.view, this.page);
    this.#began.push([event.time, this.page]);
    if (this.#began.length > MAX_VIEWS) this.#forgot = !!this.#began.shift();
    this.view = event.view;
    if (this.#byNumber.size > MAX_VIEWS) this.#byNumber.delete(this.#byNumber.keys().next().value!);
    return true;
  }

  /**
   * The page view `event` belongs to: the one it names, else, for an entry of the timeline (a
   * measure, a resource, a long frame), the one in effect at its start, as it may be observed
   * well after; an interaction is remembered for `interactionSpan`.
   */
  of(event: PageEvent): PageContext {
    if (event.type === 'interaction' && event.spanId && this.#interactions.push([event.start, event.spanId]) > RECENT_INTERACTIONS) this.#interactions.shift();
    if (event.type === 'page-load') return this.#first;
    if ('view' in event && event.view !== undefined) return this.#byNumber.get(event.view) ?? this.page;
    if (event.type === 'measure' || event.type === 'resource' || event.type === 'long-frame') {
      for (let i = this.#began.length - 1; i >= 0; i--) if (this.#began[i]![0] <= event.start) return this.#began[i]![1];
      // Before every route change remembered: the document's, unless older ones were forgotten.
      if (!this.#forgot) return this.#first;
    }
    return this.page;
  }

  /** The span id of the first recent interaction that started within [from, to]. */
  interactionSpan(from: number, to: number): string | undefined {
    return this.#interactions.find(([start]) => start >= from && start <= to)?.[1];
  }
}
