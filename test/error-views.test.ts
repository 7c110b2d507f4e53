import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ErrorsList } from '../components/viewer/ErrorsList';
import { SpanDetail } from '../components/viewer/SpanDetail';
import type { SpanRecord } from '../src/protocol/span';
import { layoutTrace } from '../src/viewer/trace';
import { makeSpan } from './support/spans';
import { useViewerDom } from './support/viewer-dom';

const STACK = 'Error: <img src=x onerror=alert(1)>\n    at pay (https://shop.example/app.js:3:7)\n    at main (https://shop.example/app.js:1:1)';

/** A span from another SDK's file: its service in the resource, the exception an event. */
function imported(): SpanRecord {
  const span = makeSpan(0, { name: 'checkout', status: { code: 2 }, attributes: {}, pageUrl: '', resource: { 'service.name': 'payments', 'service.version': '1.2' } });
  span.events = [{ name: 'exception', time: span.start, attributes: { 'exception.type': 'Error', 'exception.message': '<img src=x onerror=alert(1)>', 'exception.stacktrace': STACK } }];
  return span;
}

const dom = useViewerDom();

describe('error views', () => {
  it('shows an imported span’s service, resource and exception stack as text, line breaks kept', async () => {
    const layout = layoutTrace([imported()]);
    await act(() => render(h(SpanDetail, { row: layout.rows[0]!, t0: layout.t0, onClose: () => undefined }), dom.root));
    expect(dom.root.querySelector('[data-testid="span-service"]')!.textContent).toBe('payments');
    expect(dom.root.querySelector('[data-testid="span-resource"]')!.textContent).toContain('service.version1.2');
    const stack = dom.root.querySelector('[data-testid="exception-stack"]')!;
    expect(stack.textContent).toBe(STACK);
    expect(dom.root.querySelector('img')).toBeNull();
    // The events list leaves the stack to the section above: no run-on copy of it.
    expect(dom.root.querySelector('.events')!.textContent).not.toContain('at pay');
  });

  it('shows a live span’s service as its page host', async () => {
    const layout = layoutTrace([makeSpan(0, { pageUrl: 'https://shop.example/cart' })]);
    await act(() => render(h(SpanDetail, { row: layout.rows[0]!, t0: layout.t0, onClose: () => undefined }), dom.root));
    expect(dom.root.querySelector('[data-testid="span-service"]')!.textContent).toBe('shop.example');
    expect(dom.root.querySelector('[data-testid="span-resource"]')).toBeNull();
  });

  it('lists a failed request with method, URL and status text, and identical errors once with their count', async () => {
    const first = imported();
    const fetch = makeSpan(5, {
      traceId: first.traceId,
      status: { code: 2 },
      attributes: { 'http.request.method': 'GET', 'url.full': 'https://api.example/items', 'http.response.status_code': 404, 'error.type': '404' },
    });
    const again = { ...imported(), traceId: first.traceId, spanId: 'f'.repeat(16) };
    await act(() => render(h(ErrorsList, { layout: layoutTrace([first, fetch, again]), onSelect: () => undefined }), dom.root));
    const rows = [...dom.root.querySelectorAll('[data-testid="error-group"]')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toHaveLength(2);
    // First seen, last seen (for a repeated one), count, span, type, message.
    const byType = Object.fromEntries(rows.map((r) => [r[4], r]));
    expect(byType['HTTP 404']![5]).toBe('GET https://api.example/items → 404 Not Found');
    expect(byType['HTTP 404']![1]).toBe('');
    expect(byType['Error']![2]).toBe('×2');
    expect(byType['Error']![1]).not.toBe('');
    expect(byType['Error']![5]).toContain('<img src=x onerror=alert(1)>');
    expect(dom.root.querySelector('[data-testid="error-stack"]')!.textContent).toBe(STACK);
    expect(dom.root.querySelector('img')).toBeNull();
  });
});
