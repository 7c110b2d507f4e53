import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ListPane } from '../components/viewer/ListPane';
import { TraceView } from '../components/viewer/TraceView';
import { DEFAULT_SIZES } from '../src/viewer/panes';
import type { SpanRecord } from '../src/protocol/span';
import { treeSpan } from './support/spans';
import { document, useViewerDom, window } from './support/viewer-dom';

/** A page load (0–1000 ms) with a script (100–400), a request (500–700) holding another (550–650), and an LCP (0–800). */
function page(): SpanRecord[] {
  const span = (n: number, parent: number | undefined, start: number, length: number, fields: Partial<SpanRecord>) => treeSpan('c'.repeat(32), n, parent, start, length, fields);
  return [
    span(1, undefined, 0, 1000, { name: 'documentLoad' }),
    span(2, 1, 100, 300, { name: 'resourceFetch', attributes: { 'url.full': 'https://cdn.example/app.js', 'spanlight.resource.initiator_type': 'script' } }),
    span(3, 1, 500, 200, { name: 'POST', attributes: { 'http.request.method': 'POST', 'url.full': 'https://api.example/cart' } }),
    span(4, 3, 550, 100, { name: 'GET', attributes: { 'http.request.method': 'GET', 'url.full': 'https://api.example/inner' } }),
    span(5, 1, 0, 800, { name: 'LCP', attributes: { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 800 } }),
  ];
}

const dom = useViewerDom();

const $ = (selector: string) => dom.root.querySelector(selector) as HTMLElement | null;
const rowNamed = (text: string) => [...dom.root.querySelectorAll('[data-testid="waterfall-row"]')].find((r) => r.textContent!.includes(text)) as HTMLElement;
const range = () => $('.cw-axis span')!.textContent!.replace(/\s+/g, ' ').trim();
const detail = () => $('[data-testid="span-detail"] h2')?.textContent;

/** Presses `key` on `el` (linkedom has no KeyboardEvent). */
const press = (el: EventTarget, key: string, shiftKey = false) =>
  act(() => {
    el.dispatchEvent(Object.assign(new window.Event('keydown', { bubbles: true }), { key, shiftKey }));
  });
/** A mouse event of `type` at (x, y) on `el`, the main button held unless it is released. */
const mouse = (el: EventTarget, type: string, clientX: number, clientY = 10, shiftKey = false) =>
  act(() => {
    el.dispatchEvent(Object.assign(new window.Event(type, { bubbles: true }), { clientX, clientY, shiftKey, button: 0, buttons: type === 'mouseup' ? 0 : 1 }));
  });
const dragOn = async (el: EventTarget, from: number, to: number, shiftKey = false) => {
  await mouse(el, 'mousedown', from, 10, shiftKey);
  await mouse(el, 'mousemove', (from + to) / 2, 10, shiftKey);
  await mouse(el, 'mousemove', to, 10, shiftKey);
  await mouse(el, 'mouseup', to, 10, shiftKey);
};

async function show(viewer = 1400) {
  dom.size.width = viewer;
  const sizes = { ...DEFAULT_SIZES };
  await act(() => render(h(TraceView, { spans: page(), panes: { viewer, sizes, onSizes: (change: Partial<typeof sizes>) => Object.assign(sizes, change) } }), dom.root));
}

describe('zoom to span and reset', () => {
  it('zooms to the selected span with z, with a margin, and shows the whole trace again with 0', async () => {
    await show();
    expect(range()).toBe('0.00 ms – 1.00 s of 1.00 s');
    await act(() => rowNamed('POST').click());
    await press(document.body, 'z');
    expect(range()).toBe('480.0 ms – 720.0 ms of 1.00 s');
    await press(document.body, '0');
    expect(range()).toBe('0.00 ms – 1.00 s of 1.00 s');
  });

  it('offers Reset zoom only when zoomed, and Zoom to span in the detail and beside the chart', async () => {
    await show();
    const reset = $('[data-testid="reset-zoom"]') as HTMLButtonElement;
    const zoom = () => $('[data-testid="zoom-to-span"]') as HTMLButtonElement;
    expect([reset.disabled, zoom().disabled]).toEqual([true, true]);
    await act(() => rowNamed('app.js').click());
    await act(() => ($('[data-testid="detail-zoom"]') as HTMLButtonElement).click());
    expect(range()).toBe('70.0 ms – 430.0 ms of 1.00 s');
    expect(reset.disabled).toBe(false);
    await act(() => reset.click());
    expect(range()).toBe('0.00 ms – 1.00 s of 1.00 s');
    await act(() => rowNamed('GET').click());
    await act(() => zoom().click());
    expect(range()).toBe('540.0 ms – 660.0 ms of 1.00 s');
  });

  it('keeps the other keys working: w zooms in around the middle, d pans', async () => {
    await show();
    await press(document.body, 'w');
    expect(range()).toBe('100.0 ms – 900.0 ms of 1.00 s');
    await press(document.body, 'd');
    expect(range()).toBe('180.0 ms – 980.0 ms of 1.00 s');
  });
});

describe('range zoom in the waterfall', () => {
  it('zooms to the range dragged with Shift held on the bars, and pans on a plain drag', async () => {
    await show();
    // Bars are 1400 − 260 (names) = 1140 px wide over 1000 ms.
    const bars = $('canvas.cw-bars')!;
    await mouse(bars, 'mousedown', 114, 10, true);
    await mouse(bars, 'mousemove', 400, 10, true);
    expect($('.cw-sticky [data-testid="range-shade"]')!.style.left).toBe(`${260 + 114}px`);
    await mouse(bars, 'mousemove', 570, 10, true);
    await mouse(bars, 'mouseup', 570, 10, true);
    expect(range()).toBe('100.0 ms – 500.0 ms of 1.00 s');
    expect($('[data-testid="range-shade"]')).toBeNull();
    await dragOn(bars, 570, 285);
    expect(range()).toBe('200.0 ms – 600.0 ms of 1.00 s');
    expect(detail()).toBeUndefined();
  });

  it('zooms to a range dragged along the axis', async () => {
    await show();
    await dragOn($('[data-testid="time-axis"]')!, 570, 1140);
    expect(range()).toBe('500.0 ms – 1.00 s of 1.00 s');
  });
});

describe('duration labels', () => {
  it('draws no label for a bar outside the window, and none beyond either edge', async () => {
    await show();
    await act(() => rowNamed('POST').click());
    dom.ops.length = 0;
    await press(document.body, 'z');
    const labels = dom.ops.filter((o) => o.op === 'fillText' && o.canvas.className === 'cw-bars');
    const texts = labels.map((o) => o.args[0]);
    // In view (480–720 ms): the page load, the LCP (ends at 800), the request and its child; the script (100–400) is not.
    expect(texts).not.toContain('300.0 ms');
    expect(texts).toEqual(expect.arrayContaining(['1.00 s', '800.0 ms', '200.0 ms', '100.0 ms']));
    for (const o of labels) {
      expect(o.args[1] as number).toBeGreaterThanOrEqual(0);
      expect((o.args[1] as number) + String(o.args[0]).length * 6).toBeLessThanOrEqual(1140);
    }
  });
});

describe('flame chart', () => {
  const flame = () => $('[data-testid="flame"]')!;

  it('replaces the waterfall with the flame chart, keeping the zoom, and back', async () => {
    await show();
    await act(() => rowNamed('POST').click());
    await press(document.body, 'z');
    await act(() => $('[data-testid="mode-flame"]')!.click());
    expect($('[data-testid="waterfall"]')).toBeNull();
    expect(flame()).not.toBeNull();
    expect($('[data-testid="mode-flame"]')!.getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('480.0 ms – 720.0 ms of 1.00 s');
    // Four lanes: the page load, the LCP, the script and request (they do not overlap), the request's child.
    expect($('[data-testid="flame-chart"]')!.getAttribute('data-lanes')).toBe('4');
    expect(dom.drawn('flame', 'fillRect').length).toBeGreaterThanOrEqual(4);
    expect(dom.drawn('flame', 'fillText').map((o) => o.args[0])).toEqual(expect.arrayContaining(['documentLoad', 'POST', 'GET']));
    await act(() => $('[data-testid="mode-waterfall"]')!.click());
    expect($('[data-testid="waterfall"]')).not.toBeNull();
    expect(range()).toBe('480.0 ms – 720.0 ms of 1.00 s');
  });

  it('selects the span whose box is clicked', async () => {
    await show();
    await act(() => $('[data-testid="mode-flame"]')!.click());
    // The chart is 1400 − 120 (depth column) = 1280 px over 1000 ms; lanes are 18 px high.
    const at = (ms: number, lane: number) => [(ms / 1000) * 1280, lane * 18 + 9] as const;
    await mouse(flame(), 'mousedown', ...at(600, 2));
    await mouse(flame(), 'mouseup', ...at(600, 2));
    expect(detail()).toBe('POST');
    await mouse(flame(), 'mousedown', ...at(600, 3));
    await mouse(flame(), 'mouseup', ...at(600, 3));
    expect(detail()).toBe('GET');
    await mouse(flame(), 'mousedown', ...at(200, 2));
    await mouse(flame(), 'mouseup', ...at(200, 2));
    expect(detail()).toBe('resourceFetch');
    // Outlined as selected: a stroke round the script's box (100–400 ms).
    const outline = dom.drawn('flame', 'strokeRect').at(-1)!;
    expect(outline.args[0] as number).toBeCloseTo(128 - 1);
  });

  it('highlights search matches and dims the rest', async () => {
    await show();
    await act(() => $('[data-testid="mode-flame"]')!.click());
    const input = $('input[type="search"]') as HTMLInputElement;
    dom.ops.length = 0;
    await act(() => {
      input.value = 'name:GET';
      input.dispatchEvent(new window.Event('input', { bubbles: true }));
    });
    const highlights = dom.drawn('flame', 'strokeRect').filter((o) => o.strokeStyle === '#facc15');
    expect(highlights).toHaveLength(1);
    expect(highlights[0]!.args[0] as number).toBeCloseTo(0.55 * 1280);
  });
});

describe('overview strip', () => {
  const strip = () => $('[data-testid="overview"]')!;

  it('is a focusable slider over the window, its arrow keys moving the window and no span', async () => {
    await show();
    expect([strip().getAttribute('role'), strip().getAttribute('tabindex'), strip().getAttribute('aria-label')]).toEqual(['slider', '0', 'Trace overview: the time window in view']);
    await act(() => rowNamed('documentLoad').click());
    await press(document.body, 'w');
    await press(strip(), 'ArrowRight');
    expect(range()).toBe('180.0 ms – 980.0 ms of 1.00 s');
    await press(strip(), 'ArrowLeft', true);
    expect(range()).toBe('0.00 ms – 800.0 ms of 1.00 s');
    expect(strip().getAttribute('aria-valuetext')).toBe('0.00 ms – 800.0 ms of 1.00 s');
    // The trace view's arrows (collapse the selected span) did not see the strip's.
    expect(dom.root.querySelectorAll('[data-testid="waterfall-row"]')).toHaveLength(5);
  });

  it('draws the whole trace however the chart is zoomed, with the window highlighted', async () => {
    await show();
    await press(document.body, 'w');
    const window = dom.drawn('overview', 'strokeRect').at(-1)!;
    // 100–900 ms of 1000 over 1400 px.
    expect(window.args[0] as number).toBeCloseTo(140 + 1);
    expect(window.args[2] as number).toBeCloseTo(1120 - 2);
    expect(dom.drawn('overview', 'fillRect').length).toBeGreaterThan(1000);
  });

  it('zooms to a range dragged on it, moves the window dragged, resizes it by an edge, centres on a click', async () => {
    await show();
    await dragOn(strip(), 140, 700);
    expect(range()).toBe('100.0 ms – 500.0 ms of 1.00 s');
    await dragOn(strip(), 420, 560);
    expect(range()).toBe('200.0 ms – 600.0 ms of 1.00 s');
    await dragOn(strip(), 840, 980);
    expect(range()).toBe('200.0 ms – 700.0 ms of 1.00 s');
    await mouse(strip(), 'mousedown', 1260);
    await mouse(strip(), 'mouseup', 1260);
    // Centred on 900 ms, 500 ms wide, kept inside the trace.
    expect(range()).toBe('500.0 ms – 1.00 s of 1.00 s');
  });
});

describe('the page list as a drawer', () => {
  it('closes once a page view is chosen, so the trace shows', async () => {
    dom.size.width = 400;
    const sizes = { ...DEFAULT_SIZES };
    const list = (chosen: string | undefined) => h(ListPane, { viewer: 400, sizes, onSizes: () => undefined, chosen, children: h('p', null, 'pages') });
    await act(() => render(list(undefined), dom.root));
    await act(() => $('.list-toggle')!.click());
    expect($('.list-pane')!.className).toContain('is-drawer');
    await act(() => render(list('a'.repeat(32)), dom.root));
    expect($('.list-pane')!.className).not.toContain('is-drawer');
    expect($('.list-toggle')!.getAttribute('aria-expanded')).toBe('false');
  });

  it('names each row\'s service where an imported trace holds several, and none where it holds one', async () => {
    const spans = page().map((span, i) => ({ ...span, resource: { 'service.name': i === 3 ? 'inventory' : 'checkout' } }));
    await act(() => render(h(TraceView, { spans, panes: { viewer: 1400, sizes: { ...DEFAULT_SIZES }, onSizes: () => undefined } }), dom.root));
    expect(rowNamed('inner').querySelector('.cw-service')!.textContent).toBe('inventory');
    expect(rowNamed('cart').querySelector('.cw-service')!.textContent).toBe('checkout');
    expect(dom.root.querySelectorAll('[data-testid="waterfall-row"] .cw-service')).toHaveLength(5);
    await act(() => render(h(TraceView, { key: 'one', spans: page(), panes: { viewer: 1400, sizes: { ...DEFAULT_SIZES }, onSizes: () => undefined } }), dom.root));
    expect(dom.root.querySelectorAll('.cw-service')).toHaveLength(0);
  });
});
