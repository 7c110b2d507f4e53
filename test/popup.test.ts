import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { LINK_TYPE, LinkType } from '../src/protocol/span';
import { makeSpan } from './support/spans';

const tab = vi.hoisted(() => ({ spans: [] as SpanRecord[] }));
vi.mock('../components/hooks', async () => {
  const { INITIAL_STATUS } = await import('../src/status');
  return { useStatus: () => INITIAL_STATUS, useTabSpans: () => tab.spans };
});
vi.mock('../components/ExportHealth', () => ({ ExportHealth: () => null }));
vi.mock('../components/SiteSwitch', () => ({ SiteSwitch: () => null }));

const { Popup } = await import('../components/Popup');
const { VitalBadges } = await import('../components/viewer/VitalBadges');
const { document } = parseHTML('<!doctype html><html><body></body></html>');

function pageView(url: string, at: number, vitals: Record<string, number>, top?: SpanRecord): SpanRecord[] {
  const root = makeSpan(at, { name: 'documentLoad', pageUrl: url, attributes: { 'url.full': url } });
  delete root.parentSpanId;
  if (top) root.links = [{ traceId: top.traceId, spanId: top.spanId, flags: 1, attributes: { [LINK_TYPE]: LinkType.topPageView } }];
  return [root, ...Object.entries(vitals).map(([name, value], i) => makeSpan(at + 1 + i, { traceId: root.traceId, parentSpanId: root.spanId, name, pageUrl: url, attributes: { 'web_vital.value': value, 'web_vital.rating': 'good' } }))];
}

let root: Element;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => root.remove());

describe('popup', () => {
  it('shows the top frame’s newest page view’s vitals, and a heading per page view', async () => {
    const top = pageView('https://shop.example/cart', 1000, { LCP: 900, INP: 0 });
    // The frame's spans are the newest, and it has an LCP of its own: not the tab's.
    tab.spans = [...pageView('https://shop.example/', 0, { LCP: 3000 }), ...top, ...pageView('https://ads.example/f', 2000, { LCP: 5000 }, top[0])];
    await act(() => render(h(Popup, { tabId: 1 }), root));
    const badges = root.querySelector('.row [data-testid="vitals"]')!;
    expect(badges.textContent).toBe('LCP 900.0 ms');
    const headings = [...root.querySelectorAll('[data-testid="popup-page-view"] h2')].map((e) => e.textContent);
    expect(headings).toEqual(['https://shop.example/cart', 'Frame: https://ads.example/f', 'https://shop.example/']);
    expect(root.querySelector('[data-testid="span-count"]')!.textContent).toBe('3 page views, 7 spans in this tab');
    expect(root.querySelectorAll('[data-testid="span-row"]')).toHaveLength(7);
  });

  it('opens the viewer at a row’s span when its name is clicked', async () => {
    const { browser } = await import('wxt/browser');
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    tab.spans = pageView('https://shop.example/cart', 1000, { LCP: 900 });
    await act(() => render(h(Popup, { tabId: 1 }), root));
    const lcp = tab.spans.find((s) => s.name === 'LCP')!;
    const button = [...root.querySelectorAll('[data-testid="span-row"] button')].find((b) => b.textContent === 'LCP') as HTMLElement;
    await act(() => button.click());
    expect(create).toHaveBeenCalledWith({ url: browser.runtime.getURL(`/viewer.html#trace=${lcp.traceId}&span=${lcp.spanId}`) });
    create.mockRestore();
  });

  it('shows no badge for an INP of 0 stored before', async () => {
    await act(() => render(h(VitalBadges, { vitals: { INP: { value: 0, rating: 'good' } } }), root));
    expect(root.querySelector('[data-testid="vitals"]')).toBeNull();
  });
});
