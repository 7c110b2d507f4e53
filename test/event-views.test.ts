import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { SpanDetail } from '../components/viewer/SpanDetail';
import { TraceView } from '../components/viewer/TraceView';
import type { SpanRecord } from '../src/protocol/span';
import { layoutTrace } from '../src/viewer/trace';
import { PAGE, PAGE_EVENTS, spansOf } from './support/page-events';
import { makeSpan } from './support/spans';
import { useViewerDom } from './support/viewer-dom';

const MARKUP = '<img src=x onerror=alert(1)>';

/** An unhandled error whose message and stack are markup, and long. */
function thrown(): SpanRecord {
  const stack = `TypeError: ${MARKUP}\n    at pay (https://shop.example/${'a'.repeat(300)}.js:3:7)`;
  return makeSpan(20, {
    name: 'exception',
    pageUrl: 'https://shop.example/cart',
    attributes: { 'spanlight.error.kind': 'error', 'exception.type': 'TypeError', 'exception.message': MARKUP, 'exception.stacktrace': stack, 'session.id': 's1' },
  });
}

const dom = useViewerDom();

const texts = (selector: string) => [...dom.root.querySelectorAll(selector)].map((e) => e.textContent);

describe('event views', () => {
  it('shows the events a span is sent as: name, time from the trace start, attributes, all as text', async () => {
    const page = makeSpan(0, { name: 'documentLoad', pageUrl: 'https://shop.example/cart' });
    const span = thrown();
    span.traceId = page.traceId;
    const layout = layoutTrace([page, span]);
    await act(() => render(h(SpanDetail, { row: layout.rows[1]!, t0: layout.t0, onClose: () => undefined }), dom.root));
    const section = dom.root.querySelector('[data-testid="sent-events"]')!;
    expect(section.querySelector('h3')!.textContent).toBe('Sent as events (logs)');
    const [event] = dom.root.querySelectorAll('[data-testid="sent-event"]');
    expect(event!.querySelector('p')!.textContent).toBe('+20.0 ms exception');
    const rows = [...event!.querySelectorAll('tr')].map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]);
    expect(Object.fromEntries(rows)).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': MARKUP,
      'exception.stacktrace': span.attributes['exception.stacktrace'],
      'browser.document.url.full': 'https://shop.example/cart',
      'session.id': 's1',
    });
    expect(dom.root.querySelector('img')).toBeNull();
  });

  it('shows no such section for a span sent as no event', async () => {
    const layout = layoutTrace([makeSpan(0)]);
    await act(() => render(h(SpanDetail, { row: layout.rows[0]!, t0: layout.t0, onClose: () => undefined }), dom.root));
    expect(dom.root.querySelector('[data-testid="sent-events"]')).toBeNull();
  });

  it('lists the page view’s events in a tab, and a span link selects that span in the waterfall', async () => {
    const spans = await spansOf(PAGE, PAGE_EVENTS);
    spans.push({ ...thrown(), traceId: PAGE.traceId, parentSpanId: PAGE.rootSpanId, start: spans[0]!.start, end: spans[0]!.start });
    await act(() => render(h(TraceView, { spans }), dom.root));
    // The events are derived once the waterfall has painted.
    expect(texts('[role="tab"]')).toEqual(['Waterfall', 'Errors (4)', 'Events', 'Statistics', 'Charts']);
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    const tab = [...dom.root.querySelectorAll('[role="tab"]')].find((b) => b.textContent!.startsWith('Events'))!;
    expect(tab.textContent).toBe('Events (8)');
    await act(() => (tab as HTMLElement).click());
    const rows = [...dom.root.querySelectorAll('[data-testid="event-row"]')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    // INP and the click share a time (its interaction's): either may come first.
    const names = rows.map((r) => r[1]);
    expect([...names.slice(0, 5), ...names.slice(5, 7).sort(), names[7]]).toEqual(['browser.navigation', 'exception', 'browser.web_vital', 'browser.navigation_timing', 'browser.web_vital', 'browser.user_action.click', 'browser.web_vital', 'exception']);
    expect(rows[1]).toEqual(['+0.00 ms', 'exception', `TypeError: ${MARKUP}`, 'exception']);
    const click = names.indexOf('browser.user_action.click');
    expect(rows[click]).toEqual(['+1.00 s', 'browser.user_action.click', 'main > form.checkout > button#buy', 'click']);
    expect(dom.root.querySelector('img')).toBeNull();
    await act(() => (dom.root.querySelectorAll('[data-testid="event-row"] button')[click] as HTMLElement).click());
    expect(dom.root.querySelector('[role="tab"][aria-selected="true"]')!.textContent).toBe('Waterfall');
    expect(dom.root.querySelector('[data-testid="span-detail"] h2')!.textContent).toBe('click');
    expect(texts('[data-testid="sent-event"] p')).toEqual(['+1.00 s browser.user_action.click']);
  });
});
