/**
 * The span rules' cost per span: a realistic set of five OTTL transform statements (and the same
 * with two drop conditions) on fetch spans of ordinary size, in Node's V8, the engine the
 * background runs them in. Each figure is the median over the runs with its range.
 * `npx tsx bench/rules.ts` runs this section alone.
 */
import type { SpanRecord } from '../src/protocol/span';
import { applyRules, compileRules, type RuleSource } from '../src/rules/rules';
import type { Row } from './report';

/** Five statements of the kind a site's rules hold: redact, normalise, mark errors, trim, hash. */
export const BENCH_RULES: RuleSource = {
  drop: [],
  transform: [
    'replace_pattern(attributes["url.full"], "token=[^&]*", "token=REDACTED")',
    'replace_pattern(name, "/\\\\d+", "/{id}")',
    'set(status.code, STATUS_CODE_ERROR) where attributes["http.response.status_code"] >= 500',
    'delete_key(attributes, "http.request.header.cookie")',
    'set(attributes["user.hash"], SHA256(attributes["user.id"])) where attributes["user.id"] != nil',
  ],
};
const DROPS = ['attributes["http.request.method"] == "OPTIONS"', 'IsMatch(attributes["url.full"], "/health")'];

/** A fetch span of `i`: eleven attributes, a page URL, a user id on one in four. */
export function fetchSpan(i: number): SpanRecord {
  const attributes: SpanRecord['attributes'] = {
    'http.request.method': i % 10 ? 'GET' : 'POST',
    'url.full': `https://api.shop.example/v2/orders/${1000 + i}/items?page=${i % 7}&token=abc${i}def`,
    'url.path': `/v2/orders/${1000 + i}/items`,
    'server.address': 'api.shop.example',
    'http.response.status_code': i % 20 ? 200 : 503,
    'http.response.body.size': 2048 + i,
    'network.protocol.version': '2',
    'spanlight.initiator': 'fetch',
    'http.request.header.cookie': 'session=1',
    'browser.tab': i % 5,
    'spanlight.page_view': 'pv-42',
  };
  if (i % 4 === 0) attributes['user.id'] = `user-${i % 97}`;
  return {
    traceId: (i + 1).toString(16).padStart(32, '0'),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: '00f067aa0ba902b7',
    name: `GET /v2/orders/${1000 + i}/items`,
    kind: 2,
    start: [1_700_000_000 + (i >> 10), (i * 1_000_003) % 1e9],
    end: [1_700_000_000 + (i >> 10), ((i * 1_000_003) % 1e9) + 5e6],
    status: { code: 0 },
    attributes,
    events: [],
    pageUrl: 'https://shop.example/orders',
  };
}

/** Nanoseconds per span of one batch through `rules`. */
function timeBatch(source: RuleSource, spans: SpanRecord[]): number {
  const { rules, problems } = compileRules(source);
  if (problems.length) throw new Error(`bench rules do not compile: ${JSON.stringify(problems)}`);
  const started = performance.now();
  const result = applyRules(rules, spans, { budgetMs: 60_000 });
  const elapsed = performance.now() - started;
  if (result.errors || result.overBudget) throw new Error('bench rules failed on a span');
  return (elapsed * 1e6) / spans.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const us = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
const spread = (xs: number[]) => `${us(median(xs))} (${us(Math.min(...xs))}–${us(Math.max(...xs))})`;

/**
 * Nanoseconds per span of what a WebAssembly rule engine pays before any statement runs: each of
 * the span's strings (name, page URL, string attributes, keys) encoded into linear memory and
 * decoded back out, as its results would be.
 */
function timeMarshalling(spans: SpanRecord[]): number {
  const memory = new Uint8Array(1 << 20);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let sink = 0;
  const started = performance.now();
  for (const span of spans) {
    let at = 0;
    const put = (text: string) => {
      const { written } = encoder.encodeInto(text, memory.subarray(at));
      sink += decoder.decode(memory.subarray(at, at + written)).length;
      at += written;
    };
    put(span.name);
    put(span.pageUrl);
    for (const key in span.attributes) {
      put(key);
      const value = span.attributes[key];
      if (typeof value === 'string') put(value);
    }
  }
  const elapsed = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return (elapsed * 1e6) / spans.length;
}

/** Rows of the rules' cost per span, `spans` spans a batch, over `runs` runs. */
export function benchRules(spans: number, runs: number): Row[] {
  const batch = Array.from({ length: spans }, (_, i) => fetchSpan(i));
  const sets: [string, RuleSource][] = [
    ['no rules (the loop and the clock)', { drop: [], transform: [] }],
    ['five transform statements', BENCH_RULES],
    ['two drop conditions and the five statements', { drop: DROPS, transform: BENCH_RULES.transform }],
  ];
  // Warm up: the first batches run before V8 has optimised the closures.
  for (const [, source] of sets) timeBatch(source, batch.slice(0, 2000));
  const times = sets.map(() => [] as number[]);
  const marshalled: number[] = [];
  timeMarshalling(batch.slice(0, 2000));
  for (let run = 0; run < runs; run++) {
    sets.forEach(([, source], i) => times[i]!.push(timeBatch(source, batch)));
    marshalled.push(timeMarshalling(batch));
  }
  return [
    ...sets.map(([what], i) => ({ what: `${what}, ${spans.toLocaleString('en-US')} spans`, value: spread(times[i]!), target: i === 1 ? '≤ 2 µs' : '' })),
    { what: 'a WebAssembly engine\'s floor: the span\'s strings into linear memory and back, no statement run', value: spread(marshalled) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report');
  printTable('Span rules (OTTL) per span, in Node\'s V8 (median and range of 7 runs)', benchRules(20_000, 7), 'per span');
}
