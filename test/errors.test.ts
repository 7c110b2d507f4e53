import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { parseOtlpFile } from '../src/otlp/read-file';
import { statusText } from '../src/viewer/http-status';
import { groupErrors, spanErrors, topFrame, traceErrors } from '../src/viewer/errors';
import { layoutTrace } from '../src/viewer/trace';
import { makeSpan } from './support/spans';

const STACK = 'TypeError: x is undefined\n    at render (https://shop.example/app.js:10:5)\n    at main (https://shop.example/app.js:2:1)';

const failedFetch = (fields: Partial<SpanRecord> = {}) =>
  makeSpan(0, {
    name: 'GET',
    status: { code: 2 },
    attributes: { 'http.request.method': 'GET', 'url.full': 'https://api.example/items', 'http.response.status_code': 404, 'error.type': '404' },
    ...fields,
  });

const exception = (message: string, stack = STACK, at = 1) =>
  makeSpan(at, { name: 'exception', status: { code: 2, message }, attributes: { 'exception.type': 'TypeError', 'exception.message': message, 'exception.stacktrace': stack } });

describe('trace errors', () => {
  it('says which request failed: method, URL and status text', () => {
    expect(spanErrors(failedFetch())).toMatchObject([{ type: 'HTTP 404', message: 'GET https://api.example/items → 404 Not Found' }]);
    const network = failedFetch({ status: { code: 2, message: 'Failed to fetch' }, attributes: { 'http.request.method': 'POST', 'url.full': 'https://api.example/pay', 'error.type': 'TypeError' } });
    expect(spanErrors(network)).toMatchObject([{ type: 'TypeError', message: 'POST https://api.example/pay → Failed to fetch' }]);
    expect(statusText(503)).toBe('503 Service Unavailable');
    expect(statusText(499)).toBe('499');
  });

  it('reads the exception events other SDKs record, with type, message and the stack’s line breaks', () => {
    const file = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{
        traceId: 'ab'.repeat(16), spanId: '0000000000000001', name: 'checkout', startTimeUnixNano: '1732172400000000000', endTimeUnixNano: '1732172400500000000',
        status: { code: 2 },
        events: [{ name: 'exception', timeUnixNano: '1732172400100000000', attributes: [
          { key: 'exception.type', value: { stringValue: 'ValueError' } },
          { key: 'exception.message', value: { stringValue: 'bad <b>amount</b>' } },
          { key: 'exception.stacktrace', value: { stringValue: 'Traceback (most recent call last):\n  File "pay.py", line 3\nValueError' } },
        ] }],
      }] }] }],
    });
    const [span] = parseOtlpFile(file);
    const [error] = spanErrors(span!);
    expect(error).toEqual({ type: 'ValueError', message: 'bad <b>amount</b>', stack: 'Traceback (most recent call last):\n  File "pay.py", line 3\nValueError', time: 1_732_172_400_100 });
  });

  it('keeps a span with an error status and nothing more, and none for a span that went well', () => {
    expect(spanErrors(makeSpan(0, { name: 'save', status: { code: 2, message: 'quota' }, attributes: {} }))).toMatchObject([{ type: '', message: 'quota' }]);
    expect(spanErrors(makeSpan(0))).toEqual([]);
  });

  it('groups identical errors (type, message, top frame) with a count, in order of first occurrence', () => {
    // At distinct times: the layout orders spans by start, and "first" is the earliest.
    const spans = [
      exception('x is undefined', STACK, 1),
      failedFetch(),
      exception('x is undefined', STACK, 2),
      exception('x is undefined', STACK.replace('render', 'paint'), 3),
      failedFetch({ start: makeSpan(4).start, end: makeSpan(4).end }),
    ];
    const layout = layoutTrace(spans.map((s) => ({ ...s, traceId: spans[0]!.traceId })));
    const groups = groupErrors(traceErrors(layout));
    expect(groups.map((g) => [g.first.type, g.count, g.rows.length])).toEqual([
      ['HTTP 404', 2, 2],
      ['TypeError', 2, 2],
      ['TypeError', 1, 1],
    ]);
    // First and last seen: the fetches failed at the end of their spans, 5 ms after their starts at 0 and 4 ms.
    const [fetches] = groups;
    expect([fetches!.first.time, fetches!.last.time].map((t) => t - layout.t0)).toEqual([5, 9]);
    expect(groups[1]!.last.time - groups[1]!.first.time).toBeGreaterThan(0);
  });

  it('finds the top frame of V8, Firefox and other stacks', () => {
    expect(topFrame(STACK)).toBe('at render (https://shop.example/app.js:10:5)');
    expect(topFrame('render@https://shop.example/app.js:10:5\nmain@https://shop.example/app.js:2:1')).toBe('render@https://shop.example/app.js:10:5');
    expect(topFrame('Traceback:\n  File "pay.py", line 3')).toBe('File "pay.py", line 3');
    expect(topFrame(undefined)).toBe('');
  });
});
