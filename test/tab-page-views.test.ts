import { describe, expect, it } from 'vitest';
import { foldPageViews, isMeasured } from '../src/page-view';
import { LINK_TYPE, LinkType, type SpanRecord } from '../src/protocol/span';
import { firstSpans, newestTopPageView, tabPageViews } from '../src/viewer/tab-page-views';
import { makeSpan } from './support/spans';

/** A page view at `at` ms with `children` spans; a frame's when `top` names its top page view. */
function pageView(url: string, at: number, children: number, top?: SpanRecord): SpanRecord[] {
  const root = makeSpan(at, { name: 'documentLoad', pageUrl: url, attributes: { 'url.full': url } });
  delete root.parentSpanId;
  if (top) root.links = [{ traceId: top.traceId, spanId: top.spanId, flags: 1, attributes: { [LINK_TYPE]: LinkType.topPageView } }];
  const kids = Array.from({ length: children }, (_, i) => makeSpan(at + 1 + i, { traceId: root.traceId, parentSpanId: root.spanId, pageUrl: url }));
  return [root, ...kids];
}

describe('tab page views', () => {
  const first = pageView('https://shop.example/', 0, 2);
  const second = pageView('https://shop.example/cart', 1000, 3);
  // An ad frame of the second page, whose spans are the newest of the tab.
  const frame = pageView('https://ads.example/frame', 1500, 4, second[0]);

  it('puts the top frame’s newest page view first, its frames right after it, then the earlier ones', () => {
    const views = tabPageViews([...first, ...second, ...frame].reverse());
    expect(views.map((v) => [v.row.url, v.spans.length, v.frameOf])).toEqual([
      ['https://shop.example/cart', 4, undefined],
      ['https://ads.example/frame', 5, second[0]!.traceId],
      ['https://shop.example/', 3, undefined],
    ]);
    expect(newestTopPageView(views)!.row.traceId).toBe(second[0]!.traceId);
    // Each page view's spans newest first.
    expect(views[0]!.spans[0]!.spanId).toBe(second.at(-1)!.spanId);
  });

  it('keeps a frame whose top page view is not stored, after the top page views', () => {
    const views = tabPageViews([...first, ...frame]);
    expect(views.map((v) => v.row.url)).toEqual(['https://shop.example/', 'https://ads.example/frame']);
    expect(newestTopPageView(views)!.row.url).toBe('https://shop.example/');
  });

  it('lists at most so many spans, the first page views’ first', () => {
    const views = tabPageViews([...first, ...second, ...frame]);
    expect(firstSpans(views, 6).map((v) => v.spans.length)).toEqual([4, 2]);
    expect(firstSpans(views, 100).map((v) => v.spans.length)).toEqual([4, 5, 3]);
  });

  it('shows no INP of 0 (no interaction measured), and keeps a CLS of 0', () => {
    const [root] = first;
    const vital = (name: string, value: number) =>
      makeSpan(5, { traceId: root!.traceId, parentSpanId: root!.spanId, name, attributes: { 'web_vital.value': value, 'web_vital.rating': 'good' } });
    const rows = foldPageViews(new Map(), [root!, vital('INP', 0), vital('CLS', 0)], { runId: '', tabId: 1 }, 0);
    expect(rows.get(root!.traceId)!.vitals).toEqual({ CLS: { value: 0, rating: 'good' } });
    expect(isMeasured('INP', 0)).toBe(false);
    expect(isMeasured('INP', 8)).toBe(true);
    expect(isMeasured('CLS', 0)).toBe(true);
  });
});
