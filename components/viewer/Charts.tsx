/**
 * Web Vitals of an origin's page views over time in uPlot charts: each sample and a running p75
 * over the last 20, over the vital's good, needs-improvement and poor bands, with linked cursors.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { PageViewRow, Rating, VitalName } from '../../src/page-view';
import { quantile } from '../../src/viewer/stats';
import { goodLimit, vitalBands } from '../../src/viewer/vital-bands';
import { Chart, type ChartOptions } from './Chart';

/** Tints of the rating bands behind a vital's samples. */
const BAND_FILL: Record<Rating, string> = { good: 'rgba(34,197,94,0.12)', 'needs-improvement': 'rgba(245,158,11,0.12)', poor: 'rgba(239,68,68,0.12)' };

/** A draw hook that paints the vital's good, needs-improvement and poor bands under the plot. */
export function drawBands(name: VitalName): (u: uPlot) => void {
  return (u) => {
    const { min, max } = u.scales.y!;
    if (min == null || max == null) return;
    const { ctx, bbox } = u;
    ctx.save();
    for (const band of vitalBands(name, min, max)) {
      const top = u.valToPos(band.to, 'y', true);
      ctx.fillStyle = BAND_FILL[band.rating];
      ctx.fillRect(bbox.left, top, bbox.width, u.valToPos(band.from, 'y', true) - top);
    }
    ctx.restore();
  };
}

/**
 * The time axis (Unix seconds) for samples at `xs`, given the range uPlot proposes: an hour around
 * a lone instant (uPlot's own makes it 1,000 days), else uPlot's (a zoom included).
 */
export function timeRange(xs: ArrayLike<number>, min: number, max: number): [number, number] {
  const first = xs[0];
  return first !== undefined && first === xs[xs.length - 1] ? [first - 1800, first + 1800] : [min, max];
}

/** The value axis: from 0, to the largest value or the vital's good limit, whichever is higher. */
export function valueRange(max: number, good: number): [number, number] {
  return [0, Math.max(Number.isFinite(max) ? max * 1.1 : 0, good)];
}

/** A vital's chart: a point per sample and the running p75 over its rating bands, the unit in the title. */
function vitalChart(name: VitalName, unit: string): { name: VitalName; options: ChartOptions } {
  const options: ChartOptions = {
    title: `${name}${unit ? ` (${unit})` : ''}`,
    cursor: { sync: { key: 'spanlight-vitals' } },
    scales: { x: { time: true, range: (u, min, max) => timeRange(u.data[0], min, max) }, y: { range: (_u, _min, max) => valueRange(max, goodLimit(name)) } },
    // Bands first, so the axes, grid and samples draw over them.
    hooks: { drawClear: [drawBands(name)] },
    series: [
      {},
      { label: name, stroke: '#3b82f6', paths: () => null, points: { show: true, size: 6, fill: '#3b82f6' } },
      { label: 'p75', stroke: '#d97706', width: 2 },
    ],
  };
  return { name, options };
}

// Options made once, so a new batch of page views only brings new data to each chart.
const VITAL_CHARTS = [vitalChart('LCP', 'ms'), vitalChart('INP', 'ms'), vitalChart('CLS', ''), vitalChart('FCP', 'ms'), vitalChart('TTFB', 'ms')];

/** Running p75 of the last `window` values. */
function runningP75(values: (number | null)[], window = 20): (number | null)[] {
  const seen: number[] = [];
  return values.map((v) => {
    if (v === null) return null;
    seen.push(v);
    return quantile([...seen.slice(-window)].sort((a, b) => a - b), 0.75);
  });
}

export function VitalsCharts({ pageViews, origin }: { pageViews: readonly PageViewRow[]; origin: string }) {
  const charts = useMemo(() => {
    const rows = [...pageViews].sort((a, b) => a.start - b.start);
    return VITAL_CHARTS.map(({ name, options }) => {
      const withValue = rows.filter((r) => r.vitals[name]);
      const x = withValue.map((r) => r.start / 1000);
      const samples = withValue.map((r) => r.vitals[name]!.value);
      const data: uPlot.AlignedData = [x, samples, runningP75(samples)];
      return { name, data, options, count: samples.length };
    });
  }, [pageViews]);
  return (
    <section class="charts">
      <p class="muted">
        Web Vitals of the newest {pageViews.length} page views of {origin || 'pages without a URL'}: each sample, and the p75 of the last 20.
      </p>
      {charts.map((c) =>
        c.count ? (
          <Chart key={c.name} options={c.options} data={c.data} label={`${c.name} over time`} />
        ) : (
          <p key={c.name} class="muted">
            No {c.name} samples.
          </p>
        ),
      )}
    </section>
  );
}
