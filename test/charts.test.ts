import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { timeRange, valueRange, VitalsCharts } from '../components/viewer/Charts';
import { logHistogram } from '../components/viewer/LatencyHistogram';
import { vitalBands } from '../src/viewer/vital-bands';
import type { PageViewRow } from '../src/page-view';
import { useViewerDom } from './support/viewer-dom';

// uPlot needs a canvas; a stand-in records what the charts ask of it.
const uplot = vi.hoisted(() => {
  class FakePlot {
    static made: FakePlot[] = [];
    setData = vi.fn();
    setSize = vi.fn();
    destroy = vi.fn();
    constructor(
      readonly opts: {
        title?: string;
        width: number;
        height: number;
        series: { label?: string }[];
        scales: Record<string, { range?: (u: { data: unknown } | null, min: number, max: number) => [number, number] }>;
        hooks?: { drawClear?: ((u: unknown) => void)[] };
      },
      readonly data: unknown,
      readonly target: Element,
    ) {
      FakePlot.made.push(this);
    }
  }
  return { FakePlot };
});
vi.mock('uplot', () => ({ default: uplot.FakePlot }));

const dom = useViewerDom({ width: 640, height: 700 });

/** A page view of `origin` at `start` s with the given vitals. */
function view(start: number, vitals: PageViewRow['vitals']): PageViewRow {
  return {
    traceId: start.toString(16).padStart(32, '0'),
    origin: 'https://shop.example',
    url: 'https://shop.example/',
    root: 'documentLoad',
    sessionId: 's',
    runId: 'r',
    tabId: 1,
    start: start * 1000,
    end: start * 1000 + 500,
    spans: 1,
    errors: 0,
    vitals,
    imported: 0,
  };
}

beforeEach(() => {
  uplot.FakePlot.made = [];
});

const show = (pageViews: PageViewRow[]) => act(() => render(h(VitalsCharts, { pageViews, origin: 'https://shop.example' }), dom.root));

describe('vitals charts', () => {
  it('creates each chart once, updates it with setData when a batch brings new data, and destroys it on unmount', async () => {
    await show([view(1, { LCP: { value: 1200, rating: 'good' } }), view(2, { LCP: { value: 2000, rating: 'good' }, CLS: { value: 0.1, rating: 'good' } })]);
    const made = uplot.FakePlot.made;
    expect(made.map((p) => p.opts.title)).toEqual(['LCP (ms)', 'CLS']);
    expect(made[0]!.opts).toMatchObject({ width: 640, height: 180, series: [{}, { label: 'LCP' }, { label: 'p75' }] });
    expect(made[0]!.data).toEqual([[1, 2], [1200, 2000], [1200, 2000]]);

    // A new batch: one more page view, with an LCP; CLS as it was.
    await show([
      view(1, { LCP: { value: 1200, rating: 'good' } }),
      view(2, { LCP: { value: 2000, rating: 'good' }, CLS: { value: 0.1, rating: 'good' } }),
      view(3, { LCP: { value: 800, rating: 'good' } }),
    ]);
    expect(uplot.FakePlot.made).toHaveLength(2);
    const [lcp, cls] = made;
    expect(lcp!.setData).toHaveBeenCalledTimes(1);
    expect(lcp!.setData).toHaveBeenCalledWith([[1, 2, 3], [1200, 2000, 800], [1200, 2000, 2000]]);
    expect(cls!.setData).not.toHaveBeenCalled();
    expect(made.some((p) => p.destroy.mock.calls.length)).toBe(false);

    await dom.resize(900);
    expect(lcp!.setSize).toHaveBeenCalledWith({ width: 900, height: 180 });

    expect(dom.observing).toBe(2);
    await act(() => render(null, dom.root));
    expect(made.map((p) => p.destroy.mock.calls.length)).toEqual([1, 1]);
    expect(dom.observing).toBe(0);
  });

  it('draws ranges that tell the truth at one sample and at a zero: an hour around a lone point, values from 0 to at least the good limit', async () => {
    const at = 1_764_590_400; // 2025-12-01T12:00:00Z, in seconds
    await show([view(at, { CLS: { value: 0, rating: 'good' }, LCP: { value: 1200, rating: 'good' } })]);
    const [lcp, cls] = uplot.FakePlot.made;
    expect(lcp!.opts.scales.x!.range!({ data: lcp!.data }, at, at + 86_400_000)).toEqual([at - 1800, at + 1800]);
    expect(cls!.opts.scales.y!.range!(null, 0, 0)).toEqual([0, 0.1]);
    expect(lcp!.opts.scales.y!.range!(null, 1200, 1200)).toEqual([0, 2500]);
    expect(lcp!.opts.scales.y!.range!(null, 800, 6000)![1]).toBeCloseTo(6600);
  });

  it('keeps uPlot’s time range (a zoom included) where the samples span some time, and for no sample', () => {
    expect(timeRange([100, 200, 300], 150, 250)).toEqual([150, 250]);
    expect(timeRange([5, 5], 5, 86_400_005)).toEqual([-1795, 1805]);
    expect(timeRange([], 0, 1)).toEqual([0, 1]);
    expect(valueRange(Number.NEGATIVE_INFINITY, 0.1)).toEqual([0, 0.1]);
  });

  it('paints the good, needs-improvement and poor bands under the samples, clipped to the value axis', async () => {
    expect(vitalBands('LCP', 0, 6600)).toEqual([
      { rating: 'good', from: 0, to: 2500 },
      { rating: 'needs-improvement', from: 2500, to: 4000 },
      { rating: 'poor', from: 4000, to: 6600 },
    ]);
    expect(vitalBands('CLS', 0, 0.1)).toEqual([{ rating: 'good', from: 0, to: 0.1 }]);
    expect(vitalBands('INP', 0, 300).map((b) => b.to)).toEqual([200, 300]);
    expect(vitalBands('TTFB', 0, 2000).map((b) => b.from)).toEqual([0, 800, 1800]);
    expect(vitalBands('FCP', 0, 3500).map((b) => b.from)).toEqual([0, 1800, 3000]);

    await show([view(1, { LCP: { value: 4500, rating: 'poor' } })]);
    const [lcp] = uplot.FakePlot.made;
    const rects: [string, number, number, number, number][] = [];
    const ctx = { fillStyle: '', save() {}, restore() {}, fillRect(x: number, y: number, w: number, h: number) { rects.push([ctx.fillStyle, x, y, w, h]); } };
    // A 500 px tall plot of 0–5,000 ms at x 10, 100 px wide.
    const u = { scales: { y: { min: 0, max: 5000 } }, bbox: { left: 10, top: 0, width: 100, height: 500 }, valToPos: (v: number) => 500 - v / 10, ctx };
    for (const hook of lcp!.opts.hooks!.drawClear!) hook(u);
    expect(rects.map(([, x, y, w, h]) => [x, y, w, h])).toEqual([
      [10, 250, 100, 250],
      [10, 100, 100, 150],
      [10, 0, 100, 100],
    ]);
    expect(new Set(rects.map(([fill]) => fill)).size).toBe(3);
  });

  it('closes the histogram’s top bucket, so the slowest spans are drawn', () => {
    expect(logHistogram([1, 3, 3.5, 100])).toEqual([
      [1, 2, 4, 8, 16, 32, 64, 128],
      [1, 2, 0, 0, 0, 0, 1, 0],
    ]);
    // One span, or a span of 0 ms: one bucket and its closing edge.
    expect(logHistogram([0])).toEqual([[2 ** -10, 2 ** -9], [1, 0]]);
  });
});
