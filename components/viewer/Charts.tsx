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

function Chart({ options, data, label }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = el.current!;
    const chart = new uPlot({ width: Math.max(300, target.clientWidth), height: 180, ...options }, data, target);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(300, target.clientWidth), height: 180 }));
    observer.observe(target);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data]);
  return <figure class="chart" ref={el} role="img" aria-label={label} data-testid="chart" />;
}

const VITAL_CHARTS: { name: VitalName; unit: string }[] = [
  { name: 'LCP', unit: 'ms' },
  { name: 'INP', unit: 'ms' },
  { name: 'CLS', unit: '' },
  { name: 'FCP', unit: 'ms' },
  { name: 'TTFB', unit: 'ms' },
];

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
    return VITAL_CHARTS.map(({ name, unit }) => {
      const withValue = rows.filter((r) => r.vitals[name]);
      const x = withValue.map((r) => r.start / 1000);
      const samples = withValue.map((r) => r.vitals[name]!.value);
      const data: uPlot.AlignedData = [x, samples, runningP75(samples)];
      const options: Omit<uPlot.Options, 'width' | 'height'> = {
        title: `${name}${unit ? ` (${unit})` : ''}`,
        cursor: { sync: { key: 'spanlight-vitals' } },
        scales: { x: { time: true } },
        series: [
          {},
          { label: name, stroke: '#3b82f6', paths: () => null, points: { show: true, size: 6, fill: '#3b82f6' } },
          { label: 'p75', stroke: '#d97706', width: 2 },
        ],
      };
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

/** Counts of durations in power-of-two buckets (ms): [bucket lower edges, counts]. */
export function logHistogram(durations: readonly number[]): [number[], number[]] {
  const floor = 0.001;
  const exps = durations.map((d) => Math.floor(Math.log2(Math.max(floor, d))));
  const lo = Math.min(...exps);
  const hi = Math.max(...exps);
  const edges: number[] = [];
  const counts: number[] = [];
  for (let e = lo; e <= hi; e++) {
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
  const { data, options } = useMemo(() => {
    const durations = layout.rows.filter((r) => r.span.name === name).map((r) => r.end - r.start);
    const [edges, counts] = logHistogram(durations);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      title: `${name}: ${durations.length} spans, log axis`,
      scales: { x: { time: false, distr: 3, log: 2 } },
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
    };
    return { data: [edges, counts] as uPlot.AlignedData, options };
  }, [layout, name, mine]);
  return (
    <section class="charts">
      <p class="muted">
        The selected span ({formatDuration(mine)}, red line) among the page view's <code>{name}</code> spans.
      </p>
      <Chart options={options} data={data} label={`Latency histogram of ${name}`} />
    </section>
  );
}
