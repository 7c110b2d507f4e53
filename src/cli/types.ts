/**
 * What `spanlight trace` passes between its parts: the spans each run of a URL stored, the
 * metrics read from them, and the budget's verdict.
 */
import type { SpanRecord } from '../protocol/span';

/** One load of a URL: every span the extension stored during it (the page's frames too). */
export interface TraceRun {
  url: string;
  /** 1-based. */
  run: number;
  /** In the order the extension stored them (a vital reported twice: the later report wins). */
  spans: SpanRecord[];
}

/** Every run of one URL, in order. */
export interface UrlTrace {
  url: string;
  runs: TraceRun[];
}

export const AGGREGATES = ['median', 'p75', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** The metrics a budget may name, besides `span:<pattern>`. Times in ms, CLS unitless. */
export const METRICS = ['LCP', 'FCP', 'CLS', 'INP', 'TTFB', 'errors', 'requests', 'transferKilobytes'] as const;
export type MetricName = (typeof METRICS)[number];
/** The prefix of a budget's span metrics: `span:GET /api/*` is the longest span labelled like `GET /api/*`. */
export const SPAN_METRIC = 'span:';

/** A budget file, checked: the aggregate, the maxima for every URL, and overrides by URL glob. */
export interface Budget {
  aggregate: Aggregate;
  /** Metric (or `span:<pattern>`) → maximum. */
  assertions: Record<string, number>;
  /** URL glob → its own maxima, over `assertions` (a later glob wins over an earlier one). */
  urls: { glob: string; assertions: Record<string, number> }[];
}

/** One metric of one URL over its runs. */
export interface MetricSummary {
  /** Each run's value; null where the run did not measure it (INP without an interaction). */
  values: (number | null)[];
  median: number | null;
  p75: number | null;
  max: number | null;
}

/** One assertion's result for one URL. */
export interface AssertionResult {
  url: string;
  metric: string;
  aggregate: Aggregate;
  limit: number;
  /** The aggregate of the runs that measured it; null when none did (which fails). */
  actual: number | null;
  passed: boolean;
  /** Why it failed, in words ("LCP p75 3120 ms > 2500 ms", "INP was not measured: it needs an interaction (--flow)"). */
  message: string;
}

/** Everything the reports are written from. */
export interface TraceReport {
  urls: { url: string; runs: TraceRun[]; metrics: Record<string, MetricSummary> }[];
  /** Empty without a budget. */
  assertions: AssertionResult[];
}
