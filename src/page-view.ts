/**
 * One summary row per page view (trace): the background keeps one per stored trace (src/store/db.ts),
 * so the viewer can list origins, sessions and page views from a small indexed table, a page at a
 * time, however many spans are stored; the popup and panel fold their tab's spans the same way.
 */
import { VITAL_RATING, vitalAttribute, vitalValue } from './vital';
import { hrTimeToMs, LINK_TYPE, LinkType, type SpanRecord } from './protocol/span';

export const VITALS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalName = (typeof VITALS)[number];
export type Rating = 'good' | 'needs-improvement' | 'poor';

export interface VitalValue {
  value: number;
  rating: Rating | '';
}

export interface PageViewRow {
  traceId: string;
  /** The origin of the page's URL; '' when it has none (e.g. about:blank). */
  origin: string;
  /** The root span's `url.full` once it has arrived, the page's URL until then. */
  url: string;
  /** The root span's name (`documentLoad`, `routeChange`), '' until it arrives. */
  root: string;
  sessionId: string;
  runId: string;
  tabId: number;
  /** Unix milliseconds. */
  start: number;
  end: number;
  spans: number;
  errors: number;
  vitals: Partial<Record<VitalName, VitalValue>>;
  /** 1 for page views read from a file (never exported). */
  imported: 0 | 1;
  /** The service.name of an imported page view's resource (its root's, else its first span's). */
  service?: string;
}

export function originOf(url: string): string {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? '' : origin;
  } catch {
    return '';
  }
}

/**
 * The trace of the top page view a page view root is a frame's, by the link the background adds
 * (src/background/links.ts); undefined for a top page view's root (or no root).
 */
export function frameOf(root: SpanRecord | undefined): string | undefined {
  return root?.links?.find((link) => link.attributes?.[LINK_TYPE] === LinkType.topPageView)?.traceId;
}

/** Whether a page view root is a frame's: linked to the page view of the page that holds it. */
export const isFrameRoot = (root: SpanRecord): boolean => frameOf(root) !== undefined;

/**
 * Whether a vital's value measures something: an INP of 0 means no interaction was measured (as
 * Firefox reports it), which is no INP at all; every other value, 0 included (a CLS of 0), does.
 */
export function isMeasured(name: VitalName, value: number): boolean {
  return name !== 'INP' || value > 0;
}

const isVital = (name: string): name is VitalName => (VITALS as readonly string[]).includes(name);

/** The summary of one page view's spans, as the store would keep it (not stored: for a view). */
export function pageViewOf(spans: readonly SpanRecord[]): PageViewRow {
  const tabId = spans[0]!.attributes['spanlight.tab.id'];
  return foldPageViews(new Map(), spans, { runId: '', tabId: typeof tabId === 'number' ? tabId : -1 }, 0).get(spans[0]!.traceId)!;
}

/** Folds `spans` (any traces) into the rows given by trace id, creating rows as needed. */
export function foldPageViews(
  rows: Map<string, PageViewRow>,
  spans: readonly SpanRecord[],
  tab: { runId: string; tabId: number },
  imported: 0 | 1,
): Map<string, PageViewRow> {
  for (const span of spans) {
    let row = rows.get(span.traceId);
    if (!row) {
      row = {
        traceId: span.traceId,
        origin: originOf(span.pageUrl),
        url: span.pageUrl,
        root: '',
        sessionId: typeof span.attributes['session.id'] === 'string' ? span.attributes['session.id'] : '',
        runId: tab.runId,
        tabId: tab.tabId,
        start: Infinity,
        end: -Infinity,
        spans: 0,
        errors: 0,
        vitals: {},
        imported,
      };
      rows.set(span.traceId, row);
    }
    row.start = Math.min(row.start, hrTimeToMs(span.start));
    row.end = Math.max(row.end, hrTimeToMs(span.end));
    row.spans++;
    if (span.status.code === 2) row.errors++;
    const service = span.resource?.['service.name'];
    if (service !== undefined && (row.service === undefined || !span.parentSpanId)) row.service = String(service);
    if (!span.parentSpanId) {
      row.root = span.name;
      const url = span.attributes['url.full'];
      if (typeof url === 'string' && url) {
        row.url = url;
        row.origin = originOf(url) || row.origin;
      }
    }
    const value = vitalValue(span.attributes);
    if (isVital(span.name) && value !== undefined && isMeasured(span.name, value)) {
      const rating = vitalAttribute(span.attributes, VITAL_RATING);
      row.vitals[span.name] = {
        value,
        rating: rating === 'good' || rating === 'needs-improvement' || rating === 'poor' ? rating : '',
      };
    }
  }
  return rows;
}
