/**
 * Sorting and grouping the waterfall's request rows: only request siblings move, gathered where
 * the first of them was, each with its descendants; the tree of every other span stays as it is.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { TraceView } from '../components/viewer/TraceView';
import type { SpanRecord } from '../src/protocol/span';
import { siteOfOrigin } from '../src/registrable-domain';
import { arrangeRows, placeRows, TRACE_ORDER, type NetworkOrder } from '../src/viewer/network-order';
import { layoutTrace, visibleRows, type TraceLayout } from '../src/viewer/trace';
import { timedSpan } from './support/spans';
import { useViewerDom, window } from './support/viewer-dom';

const TRACE = 'a'.repeat(32);
const id = (n: number) => n.toString(16).padStart(16, '0');

/** A span of one trace, `start`/`length` ms after a fixed instant, under `parent`. */
function span(n: number, parent: number | undefined, start: number, length: number, name: string, attributes: SpanRecord['attributes'] = {}): SpanRecord {
  const s = timedSpan(start, length, { traceId: TRACE, spanId: id(n), name, attributes, pageUrl: 'https://www.shop.co.uk/cart' });
  if (parent === undefined) delete s.parentSpanId;
  else s.parentSpanId = id(parent);
  return s;
}
const resource = (n: number, start: number, length: number, url: string, initiator: string, size: number, parent = 1) =>
  span(n, parent, start, length, 'resourceFetch', { 'url.full': url, 'server.address': new URL(url).hostname, 'spanlight.resource.initiator_type': initiator, 'http.response.size': size });

/** A page load with its phase, two vitals, a click with a request under it, and resources of several hosts. */
const SPANS = [
  span(1, undefined, 0, 2000, 'documentLoad', { 'url.full': 'https://www.shop.co.uk/cart' }),
  span(2, 1, 0, 5, 'navigation.dns'),
  resource(3, 10, 300, 'https://www.shop.co.uk/app.js', 'script', 9000),
  resource(4, 20, 50, 'https://cdn.other.com/b.css', 'link', 100),
  span(5, 1, 30, 1, 'FCP'),
  resource(6, 40, 900, 'https://img.shop.co.uk/hero.png', 'img', 50_000),
  resource(7, 50, 20, 'https://evil.co.uk/t.gif', 'img', 0),
  span(8, 1, 60, 400, 'click', { 'ui.event.type': 'click' }),
  span(9, 8, 61, 100, 'GET', { 'http.request.method': 'GET', 'url.full': 'https://api.shop.co.uk/items', 'server.address': 'api.shop.co.uk' }),
  span(10, 9, 62, 10, 'parse'),
  span(11, 8, 70, 2, 'measure'),
  span(12, 1, 1500, 1, 'LCP'),
];

const siteOf = (host: string) => siteOfOrigin(`https://${host}`);
const names = (layout: TraceLayout, rows: readonly number[]) => rows.map((r) => layout.rows[r]!.span.spanId.replace(/^0+/, ''));
const arranged = (layout: TraceLayout, order: NetworkOrder) => names(layout, arrangeRows(layout, order, siteOf).order);

describe('network order', () => {
  const layout = layoutTrace(SPANS);

  it('is the trace’s own by start, ungrouped', () => {
    const { order, groups } = arrangeRows(layout, TRACE_ORDER, siteOf);
    expect(order).toEqual(layout.rows.map((_, i) => i));
    expect(groups.size).toBe(0);
    expect(placeRows(layout, { order, groups }, [0, 2, 5])).toEqual({ shown: [0, 2, 5], starts: new Map() });
  });

  it('sorts request siblings by duration, size or name, gathered where the first was; other rows keep their place', () => {
    // Under the page load: the phase first (before any request), the requests, then FCP, the click (its own subtree) and LCP.
    expect(arranged(layout, { sort: 'duration', group: 'none' })).toEqual(['1', '2', '6', '3', '4', '7', '5', '8', '9', 'a', 'b', 'c']);
    expect(arranged(layout, { sort: 'size', group: 'none' })).toEqual(['1', '2', '6', '3', '4', '7', '5', '8', '9', 'a', 'b', 'c']);
    expect(arranged(layout, { sort: 'name', group: 'none' })).toEqual(['1', '2', '3', '4', '6', '7', '5', '8', '9', 'a', 'b', 'c']);
    expect(arranged(layout, { sort: 'start', group: 'none' })).toEqual(names(layout, layout.rows.map((_, i) => i)));
  });

  it('lists a response of unknown size after those of size 0', () => {
    const l = layoutTrace([SPANS[0]!, resource(3, 10, 5, 'https://www.shop.co.uk/a.js', 'script', 0), { ...resource(4, 5, 5, 'https://www.shop.co.uk/b.js', 'script', 0), attributes: { 'url.full': 'https://www.shop.co.uk/b.js', 'spanlight.resource.initiator_type': 'script' } }, resource(6, 20, 5, 'https://www.shop.co.uk/c.js', 'script', 10)]);
    expect(arranged(l, { sort: 'size', group: 'none' })).toEqual(['1', '6', '3', '4']);
  });

  it('groups by type, host, or first and third party by registrable domain (tldts), each group in the sort’s order', () => {
    expect(arranged(layout, { sort: 'start', group: 'type' })).toEqual(['1', '2', '3', '4', '6', '7', '5', '8', '9', 'a', 'b', 'c']);
    const byHost = arrangeRows(layout, { sort: 'duration', group: 'host' }, siteOf);
    // Hosts by name: cdn.other.com, evil.co.uk, img.shop.co.uk, www.shop.co.uk.
    expect(names(layout, byHost.order)).toEqual(['1', '2', '4', '7', '6', '3', '5', '8', '9', 'a', 'b', 'c']);
    const byParty = arrangeRows(layout, { sort: 'start', group: 'party' }, siteOf);
    // evil.co.uk is another site than shop.co.uk, though both end in co.uk; img.shop.co.uk is the same.
    expect(names(layout, byParty.order)).toEqual(['1', '2', '3', '6', '4', '7', '5', '8', '9', 'a', 'b', 'c']);
    const party = Object.fromEntries([...byParty.groups].map(([r, g]) => [layout.rows[r]!.span.spanId.replace(/^0+/, ''), g]));
    expect(party).toEqual({ '3': 'first-party', '6': 'first-party', '4': 'third-party', '7': 'third-party', '9': 'first-party' });
  });

  it('names each group on its first visible row, under each parent', () => {
    const order = arrangeRows(layout, { sort: 'start', group: 'type' }, siteOf);
    const all = placeRows(layout, order, visibleRows(layout, new Set()));
    const starts = Object.fromEntries([...all.starts].map(([r, g]) => [layout.rows[r]!.span.spanId.replace(/^0+/, ''), g]));
    // The click's request is a group of its own parent, even of a type seen above.
    expect(starts).toEqual({ '3': 'script', '4': 'stylesheet', '6': 'img', '9': 'fetch/xhr' });
    // With the first image filtered out, the next one begins the group.
    const rowOf = (n: number) => layout.rows.findIndex((r) => r.span.spanId === id(n));
    const some = placeRows(layout, order, visibleRows(layout, new Set()).filter((r) => r !== rowOf(6)));
    expect(some.starts.get(rowOf(7))).toBe('img');
    expect(some.shown).not.toContain(rowOf(6));
  });

  it('keeps every row once and the tree intact: each row after its parent, at its depth', () => {
    for (const sort of ['start', 'duration', 'size', 'name'] as const) {
      for (const group of ['none', 'type', 'host', 'party'] as const) {
        const { order } = arrangeRows(layout, { sort, group }, siteOf);
        expect([...order].sort((a, b) => a - b)).toEqual(layout.rows.map((_, i) => i));
        const seen = new Set<number>();
        let previous = -1;
        for (const r of order) {
          const row = layout.rows[r]!;
          if (row.parent >= 0) expect(seen.has(row.parent)).toBe(true);
          // A row follows its parent or a row of its parent's subtree, never another subtree's.
          if (previous >= 0 && row.parent >= 0) expect(previous === row.parent || isWithin(layout, previous, row.parent)).toBe(true);
          seen.add(r);
          previous = r;
        }
      }
    }
  });

  it('arranges a deep trace without overflowing the stack', () => {
    const deep = [span(1, undefined, 0, 10, 'root')];
    for (let n = 2; n < 20_000; n++) deep.push(n % 2 ? span(n, n - 1, n / 1000, 1, 'resourceFetch', { 'url.full': `https://a.example/${n}.js` }) : span(n, n - 1, n / 1000, 1, 'work'));
    const l = layoutTrace(deep);
    expect(arrangeRows(l, { sort: 'duration', group: 'host' }, siteOf).order).toHaveLength(deep.length);
  });
});

function isWithin(layout: TraceLayout, row: number, ancestor: number): boolean {
  return row > ancestor && row <= ancestor + layout.rows[ancestor]!.descendants;
}

describe('network order control', () => {
  // The waterfall renders the rows in view: give it room for all.
  const dom = useViewerDom({ width: 1200, height: 600 });

  const rows = () => [...dom.root.querySelectorAll('[data-testid="waterfall-row"]')];
  const choose = async (testId: string, value: string) => {
    const select = dom.root.querySelector(`[data-testid="${testId}"]`) as HTMLSelectElement;
    // linkedom's select has no value setter: the one the browser would set.
    Object.defineProperty(select, 'value', { value, writable: true, configurable: true });
    await act(() => {
      select.dispatchEvent(new window.Event('change', { bubbles: true }));
    });
  };

  it('sorts and groups the waterfall’s request rows, the first-party grouping once the public-suffix list loaded', async () => {
    await act(() => render(h(TraceView, { spans: SPANS }), dom.root));
    const files = () => [...dom.root.querySelectorAll('[data-testid="waterfall-row"] .nw-file')].map((b) => b.textContent);
    expect(files()).toEqual(['app.js', 'b.css', 'hero.png', 't.gif', 'items']);
    await choose('network-sort', 'duration');
    expect(files()).toEqual(['hero.png', 'app.js', 'b.css', 't.gif', 'items']);
    await choose('network-group', 'party');
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(files()).toEqual(['hero.png', 'app.js', 'b.css', 't.gif', 'items']);
    expect([...dom.root.querySelectorAll('.cw-group')].map((g) => g.textContent)).toEqual(['first-party', 'third-party', 'first-party']);
    await choose('network-sort', 'start');
    expect(files()).toEqual(['app.js', 'hero.png', 'b.css', 't.gif', 'items']);
    // Every span keeps its row, at its depth.
    expect(rows().map((r) => r.getAttribute('aria-level'))).toEqual(['1', '2', '2', '2', '2', '2', '2', '2', '3', '4', '3', '2']);
  });
});
