/**
 * The terminal report of `spanlight trace`: for each URL its waterfall, its metrics over the runs
 * (vitals rated by web.dev's thresholds) and its assertions, then the verdict over all of them.
 */
import { VITALS, type Rating, type VitalName } from '../page-view';
import { plural } from '../format';
import { formatMetricValue } from './metric-value';
import { rateVital } from '../vital-rating';
import { cell, columns, inert, painter, type Style } from './terminal-text';
import type { MetricSummary, TraceReport } from './types';
import { formatWaterfall } from './waterfall';

export interface ReportOptions {
  /** Columns of the terminal (at least 40 are used). */
  width: number;
  /** ANSI colour: on a TTY. */
  color: boolean;
}

const RATING_STYLE: Record<Rating, Style> = { good: 'green', 'needs-improvement': 'yellow', poor: 'red' };
const isVital = (name: string): name is VitalName => (VITALS as readonly string[]).includes(name);
const VALUE = 28;

/** The whole report, lines joined, ending with a newline. */
export function formatReport(report: TraceReport, options: ReportOptions): string {
  const width = Math.max(40, Math.floor(options.width) || 0);
  const paint = painter(options.color);
  const lines: string[] = [];

  /** A metric's aggregate with its rating when it is a vital; "not measured" when no run measured it. */
  const value = (metric: string, v: number | null) => {
    if (v === null) return { text: '–', shown: paint('–', 'dim') };
    const text = formatMetricValue(metric, v);
    if (!isVital(metric)) return { text, shown: text };
    const rating = rateVital(metric, v);
    return { text: `${text} ${rating}`, shown: `${text} ${paint(rating, RATING_STYLE[rating])}` };
  };
  const padded = ({ text, shown }: { text: string; shown: string }) => shown + ' '.repeat(Math.max(1, VALUE - columns(text)));

  for (const entry of report.urls) {
    lines.push(`${inert(entry.url)}  (${plural(entry.runs.length, 'run')})`, '');
    lines.push(...formatWaterfall(entry.runs, width, options.color), '');
    const metrics = Object.entries(entry.metrics) as [string, MetricSummary][];
    const nameWidth = Math.min(Math.max(8, ...metrics.map(([name]) => columns(inert(name)))), Math.floor(width / 3));
    lines.push(paint(`${cell('', nameWidth)}  ${cell('median', VALUE)}p75`, 'dim'));
    for (const [name, summary] of metrics) {
      lines.push(`${cell(inert(name), nameWidth)}  ${padded(value(name, summary.median))}${value(name, summary.p75).shown}`);
    }
    const assertions = report.assertions.filter((a) => a.url === entry.url);
    if (assertions.length) lines.push('');
    for (const a of assertions) lines.push(a.passed ? `${paint('✓', 'green')} ${inert(a.message)}` : paint(`✗ ${inert(a.message)}`, 'red'));
    lines.push('');
  }
  const total = report.assertions.length;
  const passed = report.assertions.filter((a) => a.passed).length;
  if (!total) lines.push('no budget');
  else lines.push(paint(`${passed} of ${plural(total, 'assertion')} passed`, passed === total ? 'green' : 'red'));
  return `${lines.join('\n')}\n`;
}
