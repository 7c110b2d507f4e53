/**
 * A latency histogram of one span name in the trace, on a log axis, counts from 0, with the
 * selected span marked.
 */
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { durationMs } from '../../src/protocol/span';
import type { TraceLayout } from '../../src/viewer/trace';
import { formatDuration } from '../format';
import { Chart, type ChartOptions } from './Chart';

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
