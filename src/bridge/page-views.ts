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
  #interactions: [start: number, spanId: string][] = [];
  /** Recent page views, oldest first: the document's (number 0, from the start) and one per route change (from its time, page-relative ms). */
  #recent: { view: number; time: number; page: PageContext }[];
  /** This document's origin: a route change can only move within it (history.pushState refuses others). */
  #origin: string;

  constructor(url: string, timeOrigin: number, origin: string) {
    this.#origin = origin;
    this.page = this.#first = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin, url };
    this.#recent = [{ view: 0, time: -Infinity, page: this.page }];
  }

  /** A route change: the new page view, in the trace the page side started for it. False when it claims another origin (forged). */
  route(event: Route): boolean {
    try {
      if (new URL(event.url).origin !== this.#origin) return false;
    } catch {
      return false;
    }
    this.page = { traceId: event.traceId, rootSpanId: randomHexId(8), timeOrigin: this.page.timeOrigin, url: event.url };
    this.view = event.view;
    if (this.#recent.push({ view: event.view, time: event.time, page: this.page }) > MAX_VIEWS) this.#recent.shift();
    return true;
  }

  /**
   * The page view `event` belongs to: the one it names, else, for an entry of the timeline (a
   * measure, a resource, a long frame), the one in effect at its start, as it may be observed
   * well after; the current one when that is not remembered. An interaction is remembered for
   * `interactionSpan`.
   */
  of(event: PageEvent): PageContext {
    if (event.type === 'interaction' && event.spanId && this.#interactions.push([event.start, event.spanId]) > RECENT_INTERACTIONS) this.#interactions.shift();
    if (event.type === 'page-load') return this.#first;
    const named = 'view' in event && event.view !== undefined ? event.view : undefined;
    const timed = event.type === 'measure' || event.type === 'resource' || event.type === 'long-frame' ? event.start : undefined;
    if (named === undefined && timed === undefined) return this.page;
    for (let i = this.#recent.length - 1; i >= 0; i--) {
      const { view, time, page } = this.#recent[i]!;
      if (named === undefined ? time <= timed! : view === named) return page;
    }
    return this.page;
  }

  /** The span id of the first recent interaction that started within [from, to]. */
  interactionSpan(from: number, to: number): string | undefined {
    return this.#interactions.find(([start]) => start >= from && start <= to)?.[1];
  }
}
