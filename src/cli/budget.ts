/**
 * A `--budget` file: read strictly (a misspelt metric must not pass as no limit at all), and
 * applied to the metrics of each URL.
 *
 * `{ "aggregate": "p75", "assertions": { "LCP": 2500, "span:GET /api/*": 300 },
 *    "urls": { "https://shop.example/checkout*": { "LCP": 4000 } } }`
 */
import { closestName } from './closest-name';
import { matchGlob } from './glob';
import { formatMetricValue } from './metric-value';
import { AGGREGATES, METRICS, SPAN_METRIC, type Aggregate, type AssertionResult, type Budget, type MetricSummary } from './types';

/** A budget file that cannot be used; the message names the file and where in it the problem is. */
export class BudgetError extends Error {
  override name = 'BudgetError';

  constructor(
    readonly source: string,
    /** Where in the file: `assertions.LCPP`, `urls["https://a/*"].CLS`; '' for the whole file. */
    readonly path: string,
    problem: string,
  ) {
    super(`${source}: ${path ? `${path}: ` : ''}${problem}`);
  }
}

const TOP_KEYS = ['aggregate', 'assertions', 'urls'];
const KNOWN = [...METRICS, `${SPAN_METRIC}<pattern>`].join(', ');

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A value from the file, quoted and cut short for a message. */
const quote = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};
const kindOf = (value: unknown) => (Array.isArray(value) ? 'an array' : value === null ? 'null' : quote(value));

/** `assertions.LCP`, `urls["https://a/*"].LCP`: a key path as JavaScript would write it. */
function keyPath(keys: readonly string[]): string {
  return keys.map((key, i) => (/^[A-Za-z_$][\w$]*$/.test(key) ? (i ? `.${key}` : key) : `[${quote(key)}]`)).join('');
}

/** Reads and checks a budget file's text; `source` (its path) names it in errors. Throws BudgetError. */
export function parseBudget(text: string, source: string): Budget {
  const fail = (keys: readonly string[], problem: string) => new BudgetError(source, keyPath(keys), problem);
  let data: unknown;
  try {
    // An editor's byte order mark is not JSON, but not the user's mistake either.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fail([], jsonProblem(text, error as Error));
  }
  if (!isObject(data)) throw fail([], `a budget is a JSON object ({ "assertions": { "LCP": 2500 } }), not ${kindOf(data)}`);
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.includes(key)) throw fail([key], `unknown key ${quote(key)} (${suggestion(key, TOP_KEYS) ?? 'the keys are aggregate, assertions and urls'})`);
  }
  const aggregate = 'aggregate' in data ? data.aggregate : 'p75';
  if (!AGGREGATES.includes(aggregate as Aggregate)) throw fail(['aggregate'], `must be "median", "p75" or "max", not ${kindOf(aggregate)}`);

  /** A metric → maximum object at `keys`. */
  const maxima = (value: unknown, keys: string[]): Record<string, number> => {
    if (!isObject(value)) throw fail(keys, `must be an object of metric → maximum, not ${kindOf(value)}`);
    const checked: Record<string, number> = {};
    for (const [metric, limit] of Object.entries(value)) {
      const at = [...keys, metric];
      if (metric === SPAN_METRIC) throw fail(at, `a span metric needs a pattern: "${SPAN_METRIC}GET /api/*"`);
      if (!metric.startsWith(SPAN_METRIC) && !(METRICS as readonly string[]).includes(metric)) {
        throw fail(at, `unknown metric ${quote(metric)} (${suggestion(metric, METRICS) ?? `the metrics are ${KNOWN}`})`);
      }
      if (typeof limit !== 'number') throw fail(at, `the maximum must be a number, not ${kindOf(limit)}`);
      // JSON reads 1e400 as Infinity.
      if (!Number.isFinite(limit)) throw fail(at, 'the maximum must be a finite number');
      if (limit < 0) throw fail(at, `the maximum must not be negative, not ${limit}`);
      checked[metric] = limit;
    }
    return checked;
  };

  const assertions = 'assertions' in data ? maxima(data.assertions, ['assertions']) : {};
  const urls = 'urls' in data ? data.urls : {};
  if (!isObject(urls)) throw fail(['urls'], `must be an object of URL glob → { metric: maximum }, not ${kindOf(urls)}`);
  return {
    aggregate: aggregate as Aggregate,
    assertions,
    urls: Object.entries(urls).map(([glob, value]) => ({ glob, assertions: maxima(value, ['urls', glob]) })),
  };
}

function suggestion(name: string, known: readonly string[]): string | undefined {
  const closest = closestName(name, known);
  return closest === undefined ? undefined : `did you mean ${quote(closest)}?`;
}

/** What JSON.parse refused, at a line and column (V8 names a character position, or none at the end). */
function jsonProblem(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  const at = position ? Number(position[1]) : text.length;
  const before = text.slice(0, at).split('\n');
  const what = error.message.replace(/ in JSON at position \d+.*$/s, '').replace(/ of JSON input$/, '');
  return `not valid JSON at line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${what}`;
}

/** Every pattern of a `span:` metric the budget names, once each, in file order: what the runs must measure. */
export function spanPatternsOf(budget: Budget): string[] {
  const metrics = [budget.assertions, ...budget.urls.map((entry) => entry.assertions)].flatMap(Object.keys);
  return [...new Set(metrics.filter((metric) => metric.startsWith(SPAN_METRIC)).map((metric) => metric.slice(SPAN_METRIC.length)))];
}

/** Why a metric has no value in any run: what the user can do about it. */
function notMeasured(metric: string): string {
  if (metric === 'INP') return 'it needs an interaction: give a --flow that clicks';
  if (metric.startsWith(SPAN_METRIC)) return 'no span matched';
  return 'the browser did not report it';
}

/**
 * Each URL's assertions: the budget's maxima, with those of every `urls` glob matching the whole
 * URL over them (in file order, so a later glob wins). A metric holds when its aggregate over the
 * runs is at most its maximum; one no run measured fails, with the reason.
 */
export function evaluate(budget: Budget, urls: readonly { url: string; metrics: Record<string, MetricSummary> }[]): AssertionResult[] {
  const { aggregate } = budget;
  const results: AssertionResult[] = [];
  for (const { url, metrics } of urls) {
    const limits = { ...budget.assertions };
    for (const entry of budget.urls) if (matchGlob(entry.glob, url)) Object.assign(limits, entry.assertions);
    for (const [metric, limit] of Object.entries(limits)) {
      const values = metrics[metric]?.values ?? [];
      const measured = values.filter((v) => v !== null).length;
      const actual = metrics[metric]?.[aggregate] ?? null;
      // A run that did not measure it proves nothing: its aggregate over the others is not the budget's.
      const partial = measured > 0 && measured < values.length;
      const passed = actual !== null && !partial && actual <= limit;
      const max = formatMetricValue(metric, limit);
      const message =
        actual === null
          ? `${metric} was not measured (${notMeasured(metric)})`
          : `${metric} ${aggregate} ${formatMetricValue(metric, actual)} ${actual <= limit ? '≤' : '>'} ${max}${partial ? `, but measured in only ${measured} of ${values.length} runs` : ''}`;
      results.push({ url, metric, aggregate, limit, actual, passed, message });
    }
  }
  return results;
}
