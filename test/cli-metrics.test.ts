import { describe, expect, it } from 'vitest';
import { matchGlob } from '../src/cli/glob';
import { runMetrics, summarize, summarizeRuns } from '../src/cli/metrics';
import { isStoredUrlOf, pageViewsOf, topPageView } from '../src/cli/top-page-view';
import type { TraceRun } from '../src/cli/types';
import { child, exception, pageRoot, request, resource, shopRun, vital } from './support/trace-runs';

describe('runMetrics', () => {
  it('reads the top page view’s vitals, the last report of each winning, and not the frame’s', () => {
    const m = runMetrics(shopRun(), []);
    expect({ LCP: m.LCP, FCP: m.FCP, CLS: m.CLS, INP: m.INP, TTFB: m.TTFB }).toEqual({ LCP: 1800, FCP: 900, CLS: 0.12, INP: null, TTFB: 300 });
  });

  it('takes the later report even when it is smaller: stored order, not the largest value', () => {
    const run = shopRun();
    const top = run.spans[0]!;
    run.spans.push(vital(top, 'CLS', 0.01));
    expect(runMetrics(run, []).CLS).toBe(0.01);
  });

  it('counts errors, requests and bytes over every frame, the document once and each fetch once', () => {
    const m = runMetrics(shopRun(), []);
    // The POST's 500, the page's exception, the frame's exception.
    expect(m.errors).toBe(3);
    // The document, 3 resources of the page (the frame's document among them), 1 of the frame, 2 fetches.
    expect(m.requests).toBe(7);
    expect(m.transferKilobytes).toBe((5120 + 10240 + 2048 + 4096 + 1024) / 1024);
  });

  it('gives span patterns the longest match, by name or by method and path, null for none', () => {
    const m = runMetrics(shopRun(1, 1200), ['GET /api/*', 'POST /api/cart', '* /api/*', '/api/*', 'documentLoad', 'GET /api/items?page=2', 'nothing*']);
    expect(m['span:GET /api/*']).toBeCloseTo(300, 6);
    expect(m['span:POST /api/cart']).toBeCloseTo(500, 6);
    expect(m['span:* /api/*']).toBeCloseTo(500, 6);
    // The label has the method first, and no query.
    expect(m['span:/api/*']).toBeNull();
    expect(m['span:GET /api/items?page=2']).toBeNull();
    expect(m['span:documentLoad']).toBeCloseTo(1200, 6);
    expect(m['span:nothing*']).toBeNull();
  });

  it('lists every metric in order, then the span patterns', () => {
    expect(Object.keys(runMetrics(shopRun(), ['GET *']))).toEqual(['LCP', 'FCP', 'CLS', 'INP', 'TTFB', 'errors', 'requests', 'transferKilobytes', 'span:GET *']);
  });

  it('has no vitals and no document without a page view, and counts what there is', () => {
    const root = pageRoot('https://shop.example/', 0, 100);
    const orphan = request(root, 'GET', '/x', 0, 10, { bytes: 2048 });
    const m = runMetrics({ url: 'https://shop.example/', run: 1, spans: [orphan] }, []);
    expect(m).toMatchObject({ LCP: null, CLS: null, errors: 0, requests: 1, transferKilobytes: 2 });
  });
});

describe('topPageView', () => {
  const run = (url: string, spans: TraceRun['spans']): TraceRun => ({ url, run: 1, spans });

  it('is the top-level documentLoad of the run’s URL, not a frame that started first or another page view', () => {
    const top = pageRoot('https://shop.example/next', 100, 500);
    const frame = pageRoot('https://shop.example/', 0, 50, { frameOf: top });
    const first = pageRoot('https://shop.example/', 50, 300);
    const views = pageViewsOf(run('https://shop.example', [top, frame, first]));
    expect(views.map((v) => v.root)).toEqual([frame, first, top]);
    expect(topPageView(views, 'https://shop.example')?.root).toBe(first);
    expect(topPageView(views, 'https://shop.example/next')?.root).toBe(top);
  });

  it('falls back to the first top-level page view when the page was redirected', () => {
    const frame = pageRoot('https://ads.example/', 0, 50);
    const landed = pageRoot('https://shop.example/new', 10, 300);
    frame.links = [{ traceId: landed.traceId, spanId: landed.spanId, flags: 1, attributes: { 'spanlight.link.type': 'top_page_view' } }];
    const route = pageRoot('https://shop.example/new#2', 400, 0, { name: 'routeChange' });
    const spans = [route, frame, landed, vital(landed, 'LCP', 1000), vital(frame, 'LCP', 5)];
    expect(topPageView(pageViewsOf(run('https://shop.example/old', spans)), 'https://shop.example/old')?.root).toBe(landed);
    expect(runMetrics(run('https://shop.example/old', spans), []).LCP).toBe(1000);
  });

  it('matches the stored URL as the browser wrote and the tracer redacted it', () => {
    expect(isStoredUrlOf('https://shop.example/', 'https://shop.example')).toBe(true);
    expect(isStoredUrlOf('https://shop.example/', 'HTTPS://Shop.Example:443/')).toBe(true);
    expect(isStoredUrlOf('https://shop.example/?token=REDACTED&q=1', 'https://ann:pw@shop.example/?token=abc&q=1')).toBe(true);
    expect(isStoredUrlOf('https://shop.example/?token=REDACTED&q=1', 'https://shop.example/?token=abc&q=2')).toBe(false);
    expect(isStoredUrlOf('https://shop.example/a', 'https://shop.example/b')).toBe(false);
    expect(isStoredUrlOf('https://shop.example/*', 'https://shop.example/a')).toBe(false);
  });
});

describe('summarize', () => {
  it('gives the median, nearest-rank p75 and max of the values measured', () => {
    expect(summarize([3, 1, 2])).toEqual({ values: [3, 1, 2], median: 2, p75: 3, max: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ values: [4, 1, 3, 2], median: 2.5, p75: 3, max: 4 });
    expect(summarize([10, 20, 30, 40, 50, 60, 70, 80])).toMatchObject({ median: 45, p75: 60, max: 80 });
    expect(summarize([null, 5, null])).toEqual({ values: [null, 5, null], median: 5, p75: 5, max: 5 });
  });

  it('is all null when no run measured it', () => {
    expect(summarize([null, null])).toEqual({ values: [null, null], median: null, p75: null, max: null });
    expect(summarize([])).toEqual({ values: [], median: null, p75: null, max: null });
  });

  it('summarizes each metric over the runs', () => {
    const runs = [shopRun(1), shopRun(2)];
    runs[1]!.spans.push(exception(runs[1]!.spans[0]!, 900, 'again'));
    const summary = summarizeRuns(runs, ['GET *']);
    expect(summary.errors).toEqual({ values: [3, 4], median: 3.5, p75: 4, max: 4 });
    expect(summary.INP).toEqual({ values: [null, null], median: null, p75: null, max: null });
    expect(Object.keys(summary).at(-1)).toBe('span:GET *');
  });
});

describe('matchGlob', () => {
  it('matches the whole text, * standing for any run (slashes too), all else literal and case-sensitive', () => {
    expect(matchGlob('GET /api/*', 'GET /api/items/3')).toBe(true);
    expect(matchGlob('GET /api/*', 'GET /api/')).toBe(true);
    expect(matchGlob('GET /api/*', 'GET /apiary')).toBe(false);
    expect(matchGlob('*/items', 'GET /api/items')).toBe(true);
    expect(matchGlob('*/items', 'GET /api/items/')).toBe(false);
    expect(matchGlob('*', '')).toBe(true);
    expect(matchGlob('**', 'x')).toBe(true);
    expect(matchGlob('a*b*c', 'abc')).toBe(true);
    expect(matchGlob('a*b*c', 'axxbyybzc')).toBe(true);
    expect(matchGlob('a*b*c', 'acb')).toBe(false);
    expect(matchGlob('*ab*ab*', 'xabab')).toBe(true);
    expect(matchGlob('*ab*ab*', 'xaba')).toBe(false);
    // The parts must not overlap: "aa" at both ends of "aaa" leaves no room.
    expect(matchGlob('aa*aa', 'aaa')).toBe(false);
    expect(matchGlob('aa*aa', 'aaaa')).toBe(true);
    // A part found by its failure table after a partial match (KMP's fallback).
    expect(matchGlob('*aab*', 'aaab')).toBe(true);
    expect(matchGlob('*abac*', 'ababac')).toBe(true);
  });

  it('without a star, is equality', () => {
    expect(matchGlob('documentLoad', 'documentLoad')).toBe(true);
    expect(matchGlob('documentLoad', 'DocumentLoad')).toBe(false);
    expect(matchGlob('documentLoad', 'documentLoad ')).toBe(false);
    expect(matchGlob('', '')).toBe(true);
  });

  it('treats regular expression syntax as literal text', () => {
    expect(matchGlob('GET /a.b?(c)+[d]', 'GET /a.b?(c)+[d]')).toBe(true);
    expect(matchGlob('GET /a.b', 'GET /axb')).toBe(false);
    expect(matchGlob('^.*$', 'anything')).toBe(false);
  });

  it('answers a pathological pattern on a 100k-character URL by scanning, not backtracking', () => {
    const url = `https://shop.example/${'a'.repeat(100_000)}`;
    expect(matchGlob('*a*a*a*a*b', url)).toBe(false);
    expect(matchGlob('*a*a*a*a*a', url)).toBe(true);
    expect(matchGlob('*a*a*a*a*b*', url)).toBe(false);
    expect(matchGlob(`*${'a'.repeat(5000)}b*`, url)).toBe(false);
  });
});

describe('span labels', () => {
  it('labels a fetch by method and path, and nothing else by a path', () => {
    const root = pageRoot('https://shop.example/', 0, 100);
    const run = { url: 'https://shop.example/', run: 1, spans: [root, resource(root, '/api/x.js', 0, 40, 1), child(root, 'GET', 0, 70), request(root, 'PUT', 'https://api.example/v1/x?y=1#z', 0, 50)] };
    const m = runMetrics(run, ['* /api/*', 'GET', 'PUT /v1/x']);
    expect(m['span:* /api/*']).toBeNull();
    expect(m['span:GET']).toBeCloseTo(70, 6);
    expect(m['span:PUT /v1/x']).toBeCloseTo(50, 6);
  });
});
