/**
 * The `--json` file: per URL and metric each run's value, the median, p75 and max, and each
 * assertion's result. Keys come in a fixed order (the budget's metrics as METRICS lists them, then
 * span metrics by name), so that two reports diff line by line.
 */
import { METRICS, type AssertionResult, type MetricSummary, type TraceReport } from './types';

/** JSON has no NaN or Infinity (JSON.stringify would write null without saying): say null outright. */
const safe = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);

const rank = (name: string) => {
  const at = (METRICS as readonly string[]).indexOf(name);
  return at < 0 ? METRICS.length : at;
};
const metricOrder = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

function summary(s: MetricSummary) {
  return { values: s.values.map(safe), median: safe(s.median), p75: safe(s.p75), max: safe(s.max) };
}

function assertion(a: AssertionResult) {
  return { metric: a.metric, aggregate: a.aggregate, limit: safe(a.limit), actual: safe(a.actual), passed: a.passed, message: a.message };
}

/** The report as a plain JSON value, ready for JSON.stringify. */
export function jsonReport(report: TraceReport): object {
  const all = report.assertions;
  return {
    urls: report.urls.map((entry) => ({
      url: entry.url,
      runs: entry.runs.length,
      metrics: Object.fromEntries(
        Object.keys(entry.metrics)
          .sort(metricOrder)
          .map((name) => [name, summary(entry.metrics[name]!)]),
      ),
      assertions: all.filter((a) => a.url === entry.url).map(assertion),
    })),
    assertions: { total: all.length, passed: all.filter((a) => a.passed).length, failed: all.filter((a) => !a.passed).length },
  };
}
