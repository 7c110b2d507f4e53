import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { TraceView } from '../components/viewer/TraceView';
import { DEFAULT_SIZES } from '../src/viewer/panes';
import type { SpanRecord } from '../src/protocol/span';
import { treeSpan } from './support/spans';
import { useViewerDom, window } from './support/viewer-dom';

const MARKUP = '<img src=x onerror=alert(1)>';
const A = 'spanlight.web_vital.attribution.';

/** A page load with a script, a failed request, an LCP with its attribution, and markup in a URL. */
function page(): SpanRecord[] {
  const span = (n: number, parent: number | undefined, start: number, length: number, fields: Partial<SpanRecord>) => treeSpan('b'.repeat(32), n, parent, start, length, fields);
  return [
    span(1, undefined, 0, 1000, { name: 'documentLoad', attributes: { 'url.full': 'https://shop.example/' } }),
    span(2, 1, 100, 300, { name: 'resourceFetch', attributes: { 'url.full': 'https://cdn.example/js/app.js', 'spanlight.resource.initiator_type': 'script', 'http.response.size': 20480 } }),
    span(3, 1, 500, 200, { name: 'POST', attributes: { 'http.request.method': 'POST', 'url.full': `https://api.example/it's?q=${MARKUP}`, 'http.response.status_code': 503 } }),
    span(4, 3, 550, 100, { name: 'GET', attributes: { 'http.request.method': 'GET', 'url.full': 'https://api.example/inner' } }),
    span(5, 1, 0, 800, { name: 'LCP', attributes: { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 800, [`${A}timeToFirstByte`]: 200, [`${A}resourceLoadDelay`]: 100, [`${A}resourceLoadDuration`]: 300, [`${A}elementRenderDelay`]: 200 } }),
  ];
}

const dom = useViewerDom();

/** Presses `key` on `el` (linkedom has no KeyboardEvent). */
const press = (el: HTMLElement, key: string, shiftKey = false) =>
  act(() => {
    const event = Object.assign(new window.Event('keydown', { bubbles: true }), { key, shiftKey });
    el.dispatchEvent(event);
  });
const $ = (selector: string) => dom.root.querySelector(selector) as HTMLElement | null;
const rowNamed = (text: string) => [...dom.root.querySelectorAll('[data-testid="waterfall-row"]')].find((r) => r.textContent!.includes(text)) as HTMLElement;

async function show(viewer: number, props: Record<string, unknown> = {}) {
  dom.size.width = viewer;
  const sizes = { ...DEFAULT_SIZES };
  const onSizes = vi.fn((change: Partial<typeof sizes>) => Object.assign(sizes, change));
  await act(() => render(h(TraceView, { spans: page(), panes: { viewer, sizes, onSizes }, ...props }), dom.root));
  return onSizes;
}

describe('trace view panes', () => {
  it('puts the detail below the waterfall at 800 px, with a handle for its height', async () => {
    await show(800);
    await act(() => rowNamed('app.js').click());
    expect($('[data-testid="span-detail"]')!.className).toContain('is-below');
    expect($('.trace-body')!.className).toContain('is-below');
    const handle = $('[data-testid="detail-splitter"]')!;
    expect([handle.getAttribute('role'), handle.getAttribute('aria-orientation'), handle.getAttribute('aria-valuenow')]).toEqual(['separator', 'horizontal', '260']);
  });

  it('keeps the detail beside the bars at 1400 px, sized so the bars keep half the width', async () => {
    await show(1400);
    await act(() => rowNamed('app.js').click());
    const detail = $('[data-testid="span-detail"]')!;
    expect(detail.className).not.toContain('is-below');
    const names = parseFloat($('.cw-names')!.style.width);
    const side = parseFloat(detail.style.width);
    expect(names + side + 6).toBeLessThanOrEqual(700);
    expect($('[data-testid="detail-splitter"]')!.getAttribute('aria-orientation')).toBe('vertical');
  });

  it('resizes the name column from the keyboard, and the trace view’s arrow keys do not see it', async () => {
    const onSizes = await show(1400);
    const handle = $('[data-testid="names-splitter"]')!;
    expect(handle.getAttribute('tabindex')).toBe('0');
    expect(handle.getAttribute('aria-valuenow')).toBe('260');
    await press(handle, 'ArrowRight');
    expect(onSizes).toHaveBeenLastCalledWith({ names: 276 });
    await press(handle, 'ArrowLeft', true);
    expect(onSizes).toHaveBeenLastCalledWith({ names: 260 - 64 });
    await press(handle, 'Home');
    expect(onSizes).toHaveBeenLastCalledWith({ names: 100 });
    // Arrow keys on the handle select no span.
    expect($('[data-testid="span-detail"]')).toBeNull();
  });
});

describe('why it was slow', () => {
  it('shows a span’s self time, and an LCP’s breakdown as a bar with its parts', async () => {
    await show(1400);
    await act(() => rowNamed('POST').click());
    expect($('[data-testid="self-time"]')!.textContent).toBe('100.0 ms');
    await act(() => rowNamed('LCP').click());
    const parts = [...dom.root.querySelectorAll('[data-testid="vital-part"]')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(parts).toEqual(['TTFB 200.0 ms 25%', 'Load delay 100.0 ms 13%', 'Load duration 300.0 ms 38%', 'Render delay 200.0 ms 25%']);
    expect([...dom.root.querySelectorAll('.vb-part')].map((p) => (p as HTMLElement).style.width)).toEqual(['25%', '12.5%', '37.5%', '25%']);
  });

  it('marks the critical path’s rows when asked: the page load’s, then the selected span’s', async () => {
    await show(1400);
    expect(dom.root.querySelectorAll('.is-critical')).toHaveLength(0);
    const toggle = $('[data-testid="critical-path"]') as HTMLInputElement;
    toggle.checked = true;
    await act(() => {
      toggle.dispatchEvent(new window.Event('change', { bubbles: true }));
    });
    const critical = () => [...dom.root.querySelectorAll('.cw-name.is-critical')].map((r) => r.getAttribute('aria-label')!.split(' ')[0]);
    // The load ends after the request, which ends after the script: both decide it; the LCP does not.
    expect(critical()).toEqual(['documentLoad', 'resourceFetch', 'POST', 'GET']);
    await act(() => rowNamed('POST').click());
    expect(critical()).toEqual(['POST', 'GET']);
  });
});

describe('network rows and accessibility', () => {
  it('shows the file name first, the status code and the size; page strings as text', async () => {
    await show(1400);
    expect(rowNamed('app.js').querySelector('.nw-file')!.textContent).toBe('app.js');
    expect(rowNamed('app.js').textContent).toContain('https://cdn.example/js/');
    expect(rowNamed('app.js').querySelector('.nw-size')!.textContent!.trim()).toBe('20 KB');
    expect(rowNamed('POST').querySelector('.nw-status')!.className).toContain('error');
    expect(rowNamed('POST').textContent).toContain(MARKUP);
    expect(dom.root.querySelector('img')).toBeNull();
  });

  it('makes the tree focusable, labels each row with name, start and duration, and points at the selected row', async () => {
    await show(1400);
    const tree = $('[role="tree"]')!;
    expect(tree.getAttribute('tabindex')).toBe('0');
    expect(rowNamed('app.js').getAttribute('aria-label')).toBe('resourceFetch app.js https://cdn.example/js/ 20 KB, starts at 100.0 ms, lasts 300.0 ms');
    await act(() => rowNamed('app.js').click());
    expect(tree.getAttribute('aria-activedescendant')).toBe(rowNamed('app.js').id);
  });

  it('offers a request’s method and URL as cURL and fetch, quoted', async () => {
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (text: string) => void written.push(text) } });
    await show(1400);
    await act(() => rowNamed('POST').click());
    const buttons = [...dom.root.querySelectorAll('[data-testid="copy-request"] button')] as HTMLElement[];
    expect(buttons.map((b) => b.textContent)).toEqual(['Copy as cURL', 'Copy as fetch']);
    await act(async () => buttons[0]!.click());
    await act(async () => buttons[1]!.click());
    expect(written).toEqual([`curl -X 'POST' --url 'https://api.example/it'\\''s?q=${MARKUP}'`, `fetch("https://api.example/it's?q=${MARKUP}", { method: "POST" });`]);
  });

  it('selects the span the viewer was opened at', async () => {
    await show(1400, { initialSpan: (4).toString(16).padStart(16, '0') });
    expect($('[data-testid="span-detail"] h2')!.textContent).toBe('GET');
  });
});
