import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { makeSpan } from './support/spans';
import { useViewerDom } from './support/viewer-dom';

const tab = vi.hoisted(() => ({ spans: [] as SpanRecord[] }));
vi.mock('../components/hooks', async () => {
  const { INITIAL_STATUS } = await import('../src/status');
  return { useStatus: () => INITIAL_STATUS, useTabSpans: () => tab.spans };
});
vi.mock('../components/ExportHealth', () => ({ ExportHealth: () => null }));
// The trace itself is the viewer's, tested on its own; here only the list beside it.
vi.mock('../components/viewer/TraceView', () => ({ TraceView: () => null }));

const { Panel } = await import('../components/Panel');
const dom = useViewerDom();

/** A page view: its root (`documentLoad` or `routeChange`) at `at` ms and one request, the second failed when `failed`. */
function pageView(name: string, url: string, at: number, failed = false): SpanRecord[] {
  const root = makeSpan(at, { name, pageUrl: url, attributes: { 'url.full': url } });
  delete root.parentSpanId;
  return [root, makeSpan(at + 1, { traceId: root.traceId, parentSpanId: root.spanId, pageUrl: url, status: { code: failed ? 2 : 0 } })];
}


describe('the DevTools panel', () => {
  it('lists the tab\'s page views newest first, with their time of day; a full load under a divider, its route changes after it', async () => {
    tab.spans = [
      ...pageView('documentLoad', 'https://shop.example/', 0),
      ...pageView('routeChange', 'https://shop.example/cart', 4000, true),
      ...pageView('documentLoad', 'https://shop.example/pay', 9000),
    ];
    await act(() => render(h(Panel, { tabId: 1 }), dom.root));
    const items = [...dom.root.querySelectorAll('.page-views li')];
    expect(items.map((li) => [li.getAttribute('class'), li.querySelector('.pv-title')!.textContent])).toEqual([
      ['pv-load', 'https://shop.example/pay'],
      ['pv-route', '↪ https://shop.example/cart'],
      ['pv-load', 'https://shop.example/'],
    ]);
    const start = (spans: SpanRecord[]) => new Date(spans[0]!.start[0] * 1000 + spans[0]!.start[1] / 1e6).toLocaleTimeString();
    const meta = items.map((li) => li.querySelector('.pv-meta')!.textContent);
    expect(meta[1]).toBe(`${start(tab.spans.slice(2, 4))} · 6.0 ms · 2 spans · 1 error`);
    // Following the newest: it is the one selected.
    expect(items.map((li) => li.querySelector('button')!.getAttribute('aria-current'))).toEqual(['true', null, null]);
  });
});
