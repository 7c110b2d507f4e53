/**
 * Which page view an observed request belongs to: the latest page context of each tab's frames,
 * as their batches name it, with the time it began. A request belongs to the page view of its
 * frame that was current at its start; a request of no tab (a shared or service worker's) to the
 * latest top page view of a tab of its origin.
 */
import type { PageContext } from '../../protocol/bridge';
import { originOf } from '../../page-view';
import { withoutFragment } from './classify';

/** A page view and where it runs. */
export interface ViewOf {
  page: PageContext;
  tabId: number;
  frameId: number;
  /** The frame's origin, as the browser named it. */
  origin: string;
  /** The tab's and the frame's hosts, for the sites where capture is off. */
  hosts: string[];
  /** When it began, ms since the epoch. */
  began: number;
  /** Chromium: its document's id. */
  documentId?: string;
}

/** Frames remembered (the one named least recently is forgotten first). */
const MAX_FRAMES = 2000;
/** Page views kept per frame, so a request that began before a route change still finds its own. */
const VIEWS_PER_FRAME = 8;

export class PageViews {
  private readonly frames = new Map<string, ViewOf[]>();

  /** Records that the frame's current page view is `page` (named at `now`); a page view named before keeps its time. */
  named(view: Omit<ViewOf, 'began'>, now: number): void {
    const key = `${view.tabId}/${view.frameId}`;
    const views = this.frames.get(key) ?? [];
    this.frames.delete(key);
    this.frames.set(key, views);
    if (this.frames.size > MAX_FRAMES) this.frames.delete(this.frames.keys().next().value!);
    const last = views.at(-1);
    if (last?.page.traceId === view.page.traceId) return;
    if (views.some((v) => v.page.traceId === view.page.traceId)) return;
    // A new document begins at its time origin; a route change of the same document when it is named.
    const began = last && last.page.timeOrigin === view.page.timeOrigin ? Math.max(now, last.began) : Math.min(now, view.page.timeOrigin);
    views.push({ ...view, began });
    if (views.length > VIEWS_PER_FRAME) views.shift();
  }

  /**
   * The page view of frame `frameId` in tab `tabId` current at `time`, if one is known. Where the
   * browser names the document that made the request (Chromium's `documentId`, Firefox's
   * `documentUrl`), the view current then of that document: a request the old document makes as it is left (a keepalive fetch at
   * pagehide) starts after the next document's time origin, yet is the old one's. A document's
   * route changes keep its time origin (and its origin), so whichever of its URLs is named, its
   * latest view counts. By time alone, only a view of the origin that made the request (where
   * the browser names it): a document not named yet is never another site's page view.
   */
  at(tabId: number, frameId: number, time: number, by: { documentUrl?: string; documentId?: string; initiator?: string; originUrl?: string } = {}): ViewOf | undefined {
    const views = (this.frames.get(`${tabId}/${frameId}`) ?? []).filter((view) => view.began <= time);
    if (by.documentId !== undefined) {
      const named = views.findLast((view) => view.documentId === by.documentId);
      if (named) return named;
    }
    const wanted = by.documentUrl === undefined ? undefined : withoutFragment(by.documentUrl);
    const named = wanted === undefined ? undefined : views.findLast((view) => withoutFragment(view.page.url) === wanted);
    if (named) return views.findLast((view) => view.origin === named.origin && view.page.timeOrigin === named.page.timeOrigin);
    // A document that is none of them (a worker's script, a document not named yet): by time alone.
    const origin = requestOrigin(by);
    return views.findLast((view) => origin === undefined || view.origin === origin);
  }

  /** The latest top page view (current at `time`) of a tab whose origin is `origin`: where a worker of no tab belongs. */
  topOfOrigin(origin: string, time: number): ViewOf | undefined {
    let found: ViewOf | undefined;
    for (const [key, views] of this.frames) {
      if (!key.endsWith('/0')) continue;
      const view = this.at(views[0]!.tabId, 0, time);
      if (view?.origin === origin && (!found || view.began > found.began)) found = view;
    }
    return found;
  }

  /** Whether `url` is the document URL of a page view of the frame (fragments aside). */
  isPageDocument(tabId: number, frameId: number, url: string): boolean {
    const wanted = withoutFragment(url);
    return (this.frames.get(`${tabId}/${frameId}`) ?? []).some((v) => withoutFragment(v.page.url) === wanted);
  }
}

/** The origin a request of no tab names: Chromium's initiator, or the origin of Firefox's worker script. */
export function requestOrigin(request: { initiator?: string; documentUrl?: string; originUrl?: string }): string | undefined {
  const named = request.initiator ?? request.documentUrl ?? request.originUrl;
  if (!named) return undefined;
  const origin = originOf(named);
  return origin || undefined;
}
