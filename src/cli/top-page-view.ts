/**
 * The page views of one run of `spanlight trace`, and which of them is the URL's own: the page
 * view its vitals and waterfall come from. A run holds the top page view, one per frame (each its
 * own trace, its root linked to the top page view: src/background/links.ts), and any the page
 * went on to (route changes, a flow's navigations).
 */
import { foldPageViews, isFrameRoot, type PageViewRow } from '../page-view';
import { REDACTED, byStart, byTrace, type SpanRecord } from '../protocol/span';
import { matchParts } from './glob';
import type { TraceRun } from './types';

/** One page view of a run: its summary row (vitals, errors, URL), its root and its spans. */
export interface RunPageView {
  row: PageViewRow;
  root: SpanRecord;
  spans: SpanRecord[];
}

/** Every page view of `run` whose root was stored, oldest root first. */
export function pageViewsOf(run: TraceRun): RunPageView[] {
  // The spans in stored order: a vital reported again (CLS, INP on a later hide) arrives later and wins.
  const rows = foldPageViews(new Map(), run.spans, { runId: '', tabId: -1 }, 0);
  const views: RunPageView[] = [];
  for (const [traceId, spans] of byTrace(run.spans)) {
    const root = spans.find((span) => !span.parentSpanId);
    if (root) views.push({ row: rows.get(traceId)!, root, spans });
  }
  return views.sort((a, b) => byStart(a.root, b.root));
}


/**
 * Of a run's page views, the one of the URL it loaded: the top-level `documentLoad` whose URL is
 * `url`, or, when the page was redirected (its document has another URL), the first top-level one.
 */
export function topPageView(views: readonly RunPageView[], url: string): RunPageView | undefined {
  const top = views.filter((view) => !isFrameRoot(view.root));
  return top.find((view) => view.root.name === 'documentLoad' && isStoredUrlOf(view.row.url, url)) ?? top[0];
}

/**
 * Whether `stored`, a page URL as the extension keeps it, is `requested`. The page's URL is the
 * browser's serialisation of it (`http://a` is `http://a/`), which `new URL` gives too; the tracer
 * core then drops its userinfo and replaces secret-looking parameter values with REDACTED, as the
 * background's redaction rules do emails and the user's patterns: a REDACTED stands for anything.
 */
export function isStoredUrlOf(stored: string, requested: string): boolean {
  return matchParts(stored.split(REDACTED), normalizeUrl(requested));
}

function normalizeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}
