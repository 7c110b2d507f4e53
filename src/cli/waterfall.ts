/**
 * The report's waterfall: the spans of one run's page view, oldest start first, each as a row of
 * name, start, duration and a bar on a time axis sized to the terminal.
 *
 * One run, the one of median load time, stands for the URL: a typical load, not the best or the
 * worst. Only the URL's own page view is drawn: frames are documents of their own, with their own
 * start (an ad's frame would stretch the axis past the page's load), and a page with many of them
 * would bury the page's rows; their spans count in the metrics all the same, and a line says how
 * many were left out.
 */
import { formatDuration, plural } from '../format';
import { byStart, durationMs, hrTimeToMs, StatusCode, type SpanRecord } from '../protocol/span';
import { isHttpClientSpan, spanLabels, urlPath } from './span-metric';
import { cell, columns, inert, painter } from './terminal-text';
import { pageViewsOf, topPageView, type RunPageView } from './top-page-view';
import type { TraceRun } from './types';

/** Rows drawn at most; the rest are counted. */
export const MAX_ROWS = 40;
/** The bars get at least this many columns, however narrow the terminal. */
export const MIN_BAR = 10;
const TIME = 9;
const GAP = '  ';

/** The run whose page view took the median time to load (the lower of the middle two), with that page view. */
export function medianLoadRun(runs: readonly TraceRun[]): { run: TraceRun; view: RunPageView } | undefined {
  const loaded = runs.flatMap((run) => {
    const view = topPageView(pageViewsOf(run), run.url);
    return view ? [{ run, view, load: durationMs(view.root) }] : [];
  });
  loaded.sort((a, b) => a.load - b.load);
  return loaded[Math.ceil(loaded.length / 2) - 1];
}

/** What a row is called: a request by method and path, a resource by path, an exception by its message. */
function rowName(span: SpanRecord): string {
  if (isHttpClientSpan(span)) return spanLabels(span)[1]!;
  if (span.name === 'resourceFetch') return `resourceFetch ${urlPath(span)}`;
  if (span.name === 'exception') return `exception ${String(span.attributes['exception.message'] ?? '')}`;
  return span.name;
}

const finite = (n: number) => (Number.isFinite(n) ? n : 0);

/** The waterfall of `runs`' median-load run, as lines `width` columns wide (the bars never fewer than MIN_BAR). */
export function formatWaterfall(runs: readonly TraceRun[], width: number, color: boolean): string[] {
  const paint = painter(color);
  const median = medianLoadRun(runs);
  if (!median) return [paint('no page view of this URL was recorded', 'red')];
  const { run, view } = median;
  const spans = [...view.spans].sort(byStart);
  const t0 = hrTimeToMs(spans[0]!.start);
  const rows = spans.map((span) => {
    const start = finite(hrTimeToMs(span.start) - t0);
    return { span, name: inert(rowName(span)), start, end: start + Math.max(0, finite(durationMs(span))) };
  });
  // Loops, not Math.max(...rows): a page view of 100k spans would overflow the call's arguments.
  let total = 0;
  let longestName = 0;
  for (const row of rows) (total = Math.max(total, row.end)), (longestName = Math.max(longestName, columns(row.name)));
  const available = width - 3 * GAP.length - 2 * TIME;
  const nameWidth = Math.min(longestName, Math.max(8, Math.floor(available / 2)));
  const barWidth = Math.max(MIN_BAR, available - nameWidth);

  const column = (value: number) => Math.floor((value / (total || 1)) * barWidth);
  const bar = (start: number, end: number) => {
    // A span of no length still gets a cell; none reaches past the axis.
    const from = Math.min(barWidth - 1, Math.max(0, column(start)));
    const to = Math.min(barWidth, Math.max(from + 1, Math.ceil((end / (total || 1)) * barWidth)));
    return ' '.repeat(from) + '█'.repeat(to - from) + ' '.repeat(barWidth - to);
  };
  const totalLabel = formatDuration(total);
  const axis = `0${'─'.repeat(Math.max(0, barWidth - 1 - totalLabel.length))}${totalLabel}`;
  const lines = [
    `run ${run.run} of ${runs.length} (median load): ${plural(spans.length, 'span')} of the page view`,
    paint(cell('', nameWidth) + GAP + cell('start', TIME, true) + GAP + cell('duration', TIME, true) + GAP + axis, 'dim'),
  ];
  for (const row of rows.slice(0, MAX_ROWS)) {
    const failed = row.span.status.code === StatusCode.ERROR;
    const times = cell(formatDuration(row.start), TIME, true) + GAP + cell(formatDuration(row.end - row.start), TIME, true);
    const drawn = bar(row.start, row.end);
    lines.push(cell(row.name, nameWidth) + GAP + times + GAP + (failed ? paint(drawn, 'red') : drawn));
  }
  if (rows.length > MAX_ROWS) lines.push(`… ${plural(rows.length - MAX_ROWS, 'more span')}`);
  const elsewhere = run.spans.length - spans.length;
  if (elsewhere > 0) lines.push(paint(`(${plural(elsewhere, 'span')} of frames and other page views not drawn)`, 'dim'));
  return lines;
}
