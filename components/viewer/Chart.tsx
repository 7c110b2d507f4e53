/**
 * One uPlot chart in a Preact component: created on mount, destroyed on unmount, resized with its
 * box, new data through setData.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** uPlot's options but the size, which the chart takes from its box. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

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
export function Chart({ options, data, label }: { options: ChartOptions; data: uPlot.AlignedData; label: string }) {
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
