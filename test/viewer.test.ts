import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../src/protocol/span';
import { parseDuration, parseQuery, SLOW_MS, tokenize } from '../src/viewer/search';
import { ALL, quantile, selfTimes, statistics, unionLength } from '../src/viewer/stats';
import { layoutTrace, traceMarks, visibleRows } from '../src/viewer/trace';
import { timedSpan } from './support/spans';

/** A span of one trace: `start`/`length` in ms from a fixed instant. */
function span(id: number, parent: number | undefined, start: number, length: number, fields: Partial<SpanRecord> = {}): SpanRecord {
  const s = timedSpan(start, length, { traceId: 'a'.repeat(32), spanId: id.toString(16).padStart(16, '0'), ...fields });
  if (parent === undefined) delete s.parentSpanId;
  else s.parentSpanId = parent.toString(16).padStart(16, '0');
  return s;
}

describe('search language', () => {
  const spans = [
    span(1, undefined, 0, 1000, { name: 'documentLoad', attributes: { 'url.full': 'https://shop.example/' } }),
    span(2, 1, 10, 250, { name: 'GET', attributes: { 'http.response.status_code': 404, 'server.address': 'cdn.other.net' }, status: { code: 2 } }),
    span(3, 1, 20, 50, { name: 'click', attributes: { 'ui.target': 'button#buy now' } }),
  ];
  const names = (q: string) => spans.filter(parseQuery(q).matches).map((s) => s.name);

  it('splits terms on spaces and keeps quoted parts together', () => {
    expect(tokenize('a  key:"x y" -"z w" -')).toEqual(['a', 'key:x y', '-z w']);
  });

  it('matches free text, fields, attributes, status, comparisons and shortcuts, all terms together', () => {
    expect(names('get')).toEqual(['GET']);
    expect(names('name:click')).toEqual(['click']);
    expect(names('ui.target:"buy now"')).toEqual(['click']);
    expect(names('status:error')).toEqual(['GET']);
    expect(names('duration>200ms')).toEqual(['documentLoad', 'GET']);
    expect(names('duration>=1s')).toEqual(['documentLoad']);
    expect(names('http.response.status_code>=400')).toEqual(['GET']);
    expect(names('is:root')).toEqual(['documentLoad']);
    expect(names('-is:root duration<100')).toEqual(['click']);
    expect(names('is:third-party')).toEqual(['GET']);
    expect(names('shop.example')).toEqual(['documentLoad']);
    expect(names('')).toEqual(['documentLoad', 'GET', 'click']);
  });

  it('calls a span slow at SLOW_MS (1 s) or more, the one threshold of the viewer and the panel', () => {
    expect(SLOW_MS).toBe(1000);
    const slow = parseQuery('is:slow');
    expect(slow.error).toBeUndefined();
    expect([span(7, 1, 0, 999.999), span(8, 1, 0, SLOW_MS), span(9, 1, 0, 2500)].filter(slow.matches).map((s) => s.spanId.slice(-1))).toEqual(['8', '9']);
  });

  it('reports a term it cannot read, and matches nothing then', () => {
    const q = parseQuery('duration>fast');
    expect(q.error).toMatch(/not a duration/);
    expect(spans.filter(q.matches)).toEqual([]);
    expect(parseQuery('is:slowish').error).toMatch(/is: takes/);
    expect(parseQuery('status:broken').error).toMatch(/status is/);
  });

  it('reads durations with units', () => {
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('300')).toBe(300);
    expect(parseDuration('250us')).toBe(0.25);
    expect(parseDuration('fast')).toBeUndefined();
  });
});

describe('trace layout', () => {
  it('puts each parent before its children, children by start, with depth and descendants', () => {
    const layout = layoutTrace([span(3, 1, 30, 5), span(2, 1, 10, 50), span(4, 2, 12, 5), span(1, undefined, 0, 100)]);
    expect(layout.rows.map((r) => [Number.parseInt(r.span.spanId, 16), r.depth, r.descendants])).toEqual([
      [1, 0, 3],
      [2, 1, 1],
      [4, 2, 0],
      [3, 1, 0],
    ]);
    expect(layout.duration).toBeCloseTo(100);
    expect(visibleRows(layout, new Set([1]))).toEqual([0, 1, 3]);
    expect(visibleRows(layout, new Set([0]))).toEqual([0]);
  });

  it('keeps spans whose parent is missing or who form a cycle, as roots', () => {
    const cycle = [span(1, 2, 0, 1), span(2, 1, 1, 1), span(5, 9, 2, 1)];
    const layout = layoutTrace(cycle);
    expect(layout.rows).toHaveLength(3);
    expect(layout.rows.every((r) => r.depth === 0 || r.parent >= 0)).toBe(true);
  });

  it('lays out a deep chain without overflowing the stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => span(i + 1, i === 0 ? undefined : i, i * 0.001, 1));
    const layout = layoutTrace(chain);
    expect(layout.rows.at(-1)!.depth).toBe(19_999);
    expect(layout.rows[0]!.descendants).toBe(19_999);
  });

  it('finds the vitals marks', () => {
    const layout = layoutTrace([span(1, undefined, 0, 500), span(2, 1, 0, 120, { name: 'FCP' }), span(3, 1, 0, 300, { name: 'LCP' }), span(4, 1, 200, 0, { name: 'CLS' }), span(5, 1, 400, 80, { name: 'INP' })]);
    const marks = traceMarks(layout);
    expect(marks.fcp).toBeCloseTo(120);
    expect(marks.lcp).toBeCloseTo(300);
    expect(marks.shifts[0]).toBeCloseTo(200);
    expect(marks.inp?.end).toBeCloseTo(480);
  });

  it('finds DOMContentLoaded and load in the page load’s span events', () => {
    const root = span(1, undefined, 10, 500, { name: 'documentLoad' });
    const at = (ms: number): [number, number] => [root.start[0], root.start[1] + ms * 1e6];
    root.events = [
      { name: 'fetchStart', time: at(0) },
      { name: 'domContentLoadedEventStart', time: at(210) },
      { name: 'loadEventStart', time: at(400) },
      { name: 'loadEventEnd', time: at(405) },
    ];
    const marks = traceMarks(layoutTrace([span(2, 1, 0, 20, { name: 'TTFB' }), root]));
    expect(marks.dcl).toBeCloseTo(220);
    expect(marks.load).toBeCloseTo(410);
    expect(traceMarks(layoutTrace([span(1, undefined, 0, 5)])).dcl).toBeUndefined();
  });
});

describe('statistics', () => {
  it('takes the union of children from self time, clipped to the parent', () => {
    // Parent 0–100; children 10–40 and 30–60 overlap (50 covered), 90–150 is clipped to 10.
    const layout = layoutTrace([span(1, undefined, 0, 100), span(2, 1, 10, 30), span(3, 1, 30, 30), span(4, 1, 90, 60)]);
    const self = selfTimes(layout);
    expect(self[0]).toBeCloseTo(40);
    expect(self[1]).toBeCloseTo(30);
  });

  it('groups by name with count, time in flight, sum and quantiles, the largest self time first, vitals left out', () => {
    const layout = layoutTrace([
      span(1, undefined, 0, 100, { name: 'documentLoad' }),
      ...[10, 20, 30, 40].map((d, i) => span(i + 2, 1, i, d, { name: 'GET' })),
      span(9, 1, 0, 80, { name: 'LCP', attributes: { 'web_vital.value': 80 } }),
    ]);
    const [get, load, ...rest] = statistics(layout, 'name');
    expect(rest).toEqual([]);
    expect(load!.key).toBe('documentLoad');
    // The requests ran 0–43 together: 43 ms in flight, 100 ms summed; the page's own time is what they leave.
    expect(load!.self).toBeCloseTo(57);
    expect(get).toMatchObject({ key: 'GET', count: 4 });
    expect(get!.wall).toBeCloseTo(43);
    expect(get!.total).toBeCloseTo(100);
    expect(get!.p50).toBeCloseTo(20);
    expect(get!.p95).toBeCloseTo(40);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('totals the trace as the wall time its spans cover, not the sum of concurrent ones, vitals left out', () => {
    // A 2.84 s page whose 40 resources of 0.28 s each overlap: 11.2 s summed, 2.84 s of wall time.
    const layout = layoutTrace([
      span(1, undefined, 0, 2840, { name: 'documentLoad' }),
      ...Array.from({ length: 40 }, (_, i) => span(i + 2, 1, i * 10, 280, { name: 'resource' })),
      span(99, 1, 0, 5000, { name: 'INP', attributes: { 'web_vital.value': 120 } }),
    ]);
    const [all, ...rest] = statistics(layout, ALL);
    expect(rest).toEqual([]);
    expect(all).toMatchObject({ key: ALL, count: 41 });
    expect(all!.wall).toBeCloseTo(2840);
    expect(all!.total).toBeCloseTo(2840 + 40 * 280);
    expect(statistics(layoutTrace([span(5, undefined, 0, 10, { name: 'CLS', attributes: { 'web_vital.value': 0 } })]), ALL)).toEqual([]);
  });

  it('measures the union of intervals: overlapping once, apart each, nested inside', () => {
    expect(unionLength([[10, 20], [0, 5], [15, 30], [40, 41], [16, 17]])).toBe(5 + 20 + 1);
    expect(unionLength([])).toBe(0);
    expect(unionLength([[3, 3]])).toBe(0);
  });
});
