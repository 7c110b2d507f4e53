/**
 * A tab's spans as the popup lists them: by page view, the top frame's newest page view first
 * (its vitals and errors are the tab's), each frame's page view right after the page view that
 * holds it, then the earlier ones, newest first. A frame's page view is its own trace, its root
 * linked to the top page view (src/background/links.ts).
 */
import { foldPageViews, frameOf, type PageViewRow } from '../page-view';
import { byStart, byTrace, type SpanRecord } from '../protocol/span';

/** One page view of a tab: its summary, its spans newest first, and the top page view that holds it (a frame's). */
export interface TabPageView {
  row: PageViewRow;
  spans: SpanRecord[];
  /** The trace of the top page view a frame's page view is linked to; undefined for a top page view. */
  frameOf?: string;
}

/** The page views of a tab's spans (any order), in the order the popup lists them. */
export function tabPageViews(spans: readonly SpanRecord[], tabId = -1): TabPageView[] {
  // In stored order: a vital reported again (CLS, INP on a later hide) arrives later and wins.
  const rows = foldPageViews(new Map(), spans, { runId: '', tabId }, 0);
  const views: TabPageView[] = [];
  for (const [traceId, list] of byTrace(spans)) {
    const view: TabPageView = { row: rows.get(traceId)!, spans: [...list].sort((a, b) => byStart(b, a)) };
    const top = frameOf(list.find((s) => !s.parentSpanId));
    if (top !== undefined && top !== traceId) view.frameOf = top;
    views.push(view);
  }
  const newestFirst = (a: TabPageView, b: TabPageView) => b.row.start - a.row.start || b.row.end - a.row.end;
  const frames = new Map<string, TabPageView[]>();
  const tops: TabPageView[] = [];
  for (const view of views.sort(newestFirst)) {
    if (view.frameOf === undefined || !rows.has(view.frameOf)) tops.push(view);
    else frames.set(view.frameOf, [...(frames.get(view.frameOf) ?? []), view]);
  }
  // A frame whose top page view is not stored stays on its own, but never before a top page view.
  const ordered = [...tops.filter((v) => v.frameOf === undefined), ...tops.filter((v) => v.frameOf !== undefined)];
  return ordered.flatMap((view) => [view, ...(frames.get(view.row.traceId) ?? [])]);
}

/** The top frame's newest page view: the tab's vitals and errors are its. */
export function newestTopPageView(views: readonly TabPageView[]): TabPageView | undefined {
  return views.find((view) => view.frameOf === undefined);
}

/** `views` with at most `max` spans in all, the first views' first; views left with none are left out. */
export function firstSpans(views: readonly TabPageView[], max: number): TabPageView[] {
  const out: TabPageView[] = [];
  let left = max;
  for (const view of views) {
    if (left <= 0) break;
    out.push(view.spans.length <= left ? view : { ...view, spans: view.spans.slice(0, left) });
    left -= view.spans.length;
  }
  return out;
}
