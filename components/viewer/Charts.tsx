/**
 * uPlot charts: Web Vitals of an origin's page views over time (each sample, and a running p75
 * over the last 20), with linked cursors; and a latency histogram of one span name in the trace,
 * on a log axis, with the selected span marked.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { durationMs } from '../../src/protocol/span';
import type { PageViewRow, VitalName } from '../../src/page-view';
import { quantile } from '../../src/viewer/stats';
import type { TraceLayout } from '../../src/viewer/trace';
import { formatDuration } from '../format';

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const HEIGHT = 180;

/** Whether two aligned data sets hold the same values (a new batch often leaves a vital as it was). */
function sameData(a: uPlot.AlignedData, b: uPlot.AlignedData): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j])) return false;
  }
  return true;
}

/**
 * One uPlot chart, created on mount and destroyed on unmount; new `data` goes to `setData`. Give
 * it the same `options` object for as long as they hold (memoize them).
 */
function Chart({ options, data, label }: { options: ChartOptions; data: uPlot.AlignedData; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ plot: uPlot; data: uPlot.AlignedData } | undefined>(undefined);
  // uPlot takes title, series, axes and hooks only when created: new options need a new chart.
  useEffect(() => {
    const target = el.current!;
    const size = () => ({ width: Math.max(300, target.clientWidth), height: HEIGHT });
    const plot = new uPlot({ ...size(), ...options }, data, target);
    chart.current = { plot, data };
    const observer = new ResizeObserver(() => plot.setSize(size()));
    observer.observe(target);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = undefined;
    };
  }, [options]);
  useEffect(() => {
    const shown = chart.current;
    if (!shown || sameData(shown.data, data)) return;
    shown.data = data;
    shown.plot.setData(data);
  }, [data]);
  return <figure class="chart" ref={el} role="img" aria-label={label} data-testid="chart" />;
}

/** web.dev's "good" limit of each vital: a chart's y axis reaches at least that far. */
const GOOD: Record<VitalName, number> = { LCP: 2500, INP: 200, CLS: 0.1, FCP: 1800, TTFB: 800 };

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

/** A vital's chart: a point per sample and the running p75, the unit in the title. */
function vitalChart(name: VitalName, unit: string): { name: VitalName; options: ChartOptions } {
  const options: ChartOptions = {
    title: `${name}${unit ? ` (${unit})` : ''}`,
    cursor: { sync: { key: 'spanlight-vitals' } },
    scales: { x: { time: true, range: (u, min, max) => timeRange(u.data[0], min, max) }, y: { range: (_u, _min, max) => valueRange(max, GOOD[name]) } },
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

/**
 * Counts of durations in power-of-two buckets (ms): [bucket lower edges, counts]. The last edge
 * closes the top bucket (its count 0): a bar runs from its edge to the next, so without it the
 * top bucket, where the slowest spans are, would not be drawn.
 */
export function logHistogram(durations: readonly number[]): [number[], number[]] {
  const floor = 0.001;
  const exps = durations.map((d) => Math.floor(Math.log2(Math.max(floor, d))));
  const lo = Math.min(...exps);
  const hi = Math.max(...exps);
  const edges: number[] = [];
  const counts: number[] = [];
  for (let e = lo; e <= hi + 1; e++) {
    edges.push(2 ** e);
    counts.push(0);
  }
  for (const e of exps) counts[e - lo]!++;
  return [edges, counts];
}

export function LatencyHistogram({ layout, selected }: { layout: TraceLayout; selected: number }) {
  const row = layout.rows[selected]!;
  const name = row.span.name;
  const mine = durationMs(row.span);
  const { data, count } = useMemo(() => {
    const durations = layout.rows.filter((r) => r.span.name === name).map((r) => r.end - r.start);
    return { data: logHistogram(durations) as uPlot.AlignedData, count: durations.length };
  }, [layout, name]);
  // New options (so a new chart) only for a new count in the title or a new marker; spans of other
  // names arriving leave the chart as it is.
  const options = useMemo((): ChartOptions => ({
    title: `${name}: ${count} spans, log axis`,
    // Counts from 0.
    scales: { x: { time: false, distr: 3, log: 2 }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [{ values: (_u, ticks) => ticks.map((t) => formatDuration(t)) }, {}],
    series: [{ label: 'from' }, { label: 'spans', fill: 'rgba(59,130,246,0.5)', stroke: '#3b82f6', paths: uPlot.paths.bars!({ size: [0.9], align: 1 }) }],
    hooks: {
      draw: [
        (u) => {
          const at = Math.round(u.valToPos(Math.max(0.001, mine), 'x', true));
          u.ctx.save();
          u.ctx.strokeStyle = '#dc2626';
          u.ctx.lineWidth = 2;
          u.ctx.beginPath();
          u.ctx.moveTo(at, u.bbox.top);
          u.ctx.lineTo(at, u.bbox.top + u.bbox.height);
          u.ctx.stroke();
          u.ctx.restore();
        },
      ],
    },
  }), [name, count, mine]);
  return (
    <section class="charts">
      <p class="muted">
        The selected span ({formatDuration(mine)}, red line) among the page view's <code>{name}</code> spans.
      </p>
      <Chart options={options} data={data} label={`Latency histogram of ${name}`} />
    </section>
  );
}
