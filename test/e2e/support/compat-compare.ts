/**
 * Comparing two visits of a compatibility case. Only what legitimately differs between two runs is
 * normalised: the run's own path prefix (`/r/<run>/`, in URLs, stacks and headers) and, in
 * server records, the order in which concurrent requests arrived. Extension frames
 * (chrome-extension://, moz-extension://) are never touched: they are a difference.
 */
import { appendFileSync } from 'node:fs';
import type { Visit } from './compat-browser';
import type { ReceivedRequest, RunRecord } from './compat-site';

export const FINDINGS = process.env.COMPAT_FINDINGS ?? '/tmp/compat-findings.md';

/** Everything the page, the browser's console and the servers saw of one visit. */
export interface Observed {
  page: unknown;
  console: string[];
  pageErrors: string[];
  /** By `METHOD path`: each such request's headers and body, in a stable order. */
  requests: Record<string, { headers: Record<string, string>; body: string }[]>;
  reports: unknown[];
  socket: string[];
}

const RUN_PREFIX = /\/r\/[a-z0-9-]+\//g;

function normalise<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(RUN_PREFIX, '/r/~/')) as T;
}

/** A multipart body's boundary is random: the same placeholder in both runs. */
function withoutBoundary(r: ReceivedRequest): { headers: Record<string, string>; body: string } {
  const boundary = /boundary=([^;\s]+)/.exec(r.headers['content-type'] ?? '')?.[1];
  const replace = (text: string) => (boundary ? text.split(boundary).join('{boundary}') : text);
  const headers = Object.fromEntries(Object.entries(r.headers).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, replace(v)]));
  return { headers, body: replace(r.body) };
}

/** The observation of one visit, normalised for comparison. */
export function observed(visit: Visit, server: RunRecord): Observed {
  const requests: Observed['requests'] = {};
  for (const r of normalise(server.requests)) {
    // The page asks whether its beacons arrived as often as it must; how often is timing, not behaviour.
    if (r.path.startsWith('/api/seen?') || r.path === '/api/reports') continue;
    // A request the page aborts at once may or may not have reached the server: a race in both runs.
    if (r.path.startsWith('/api/aborted')) continue;
    // Firefox ranks an image by where layout has got to when it asks for it.
    if (r.headers['sec-fetch-dest'] === 'image') delete r.headers.priority;
    const entry = withoutBoundary(r);
    const list = (requests[`${r.method} ${r.path}`] ??= []);
    // Chromium sends a request again when a reused connection drops under it, as often as its
    // connection pool happens to hand it a reused one: the dropped connection is what counts.
    if (r.path === '/api/destroy' && list.some((e) => JSON.stringify(e) === JSON.stringify(entry))) continue;
    list.push(entry);
  }
  for (const list of Object.values(requests)) list.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return normalise({
    page: visit.record,
    console: visit.console,
    pageErrors: visit.pageErrors,
    requests: Object.fromEntries(Object.entries(requests).sort(([a], [b]) => a.localeCompare(b))),
    // Reports are sent as the browser gets to them, not in the order of the violations.
    reports: [...server.reports].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    socket: server.socket,
  });
}

export interface Difference {
  path: string;
  a: unknown;
  b: unknown;
}

const MISSING = '(missing)';

/** Where `a` and `b` differ, path by path (arrays index by index, objects key by key). */
export function differences(a: unknown, b: unknown, path = '', out: Difference[] = []): Difference[] {
  if (Object.is(a, b)) return out;
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push({ path: path || '(root)', a, b });
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === b.length) {
      for (let i = 0; i < a.length; i++) differences(a[i], b[i], `${path}[${i}]`, out);
      return out;
    }
    // An entry more or less (an extra event in a log) is shown as that entry, not as every later
    // entry shifted by one: the longest common subsequence lines the two up.
    const x = a.map((v) => JSON.stringify(v));
    const y = b.map((v) => JSON.stringify(v));
    const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
    for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) (i++, j++);
      else if (j >= y.length || (i < x.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push({ path: `${path}[${i}]`, a: a[i++], b: MISSING });
      else out.push({ path: `${path}[${i}]`, a: MISSING, b: b[j++] });
    }
    return out;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    differences(k in ao ? ao[k] : MISSING, k in bo ? bo[k] : MISSING, path ? `${path}.${k}` : k, out);
  }
  return out;
}

const show = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return (text ?? 'undefined').replace(/\s+/g, ' ').slice(0, 400);
};

/** Appends one line per difference to the findings file the page side is fixed against. */
export function writeFindings(browser: string, caseName: string, label: [string, string], diffs: Difference[]): void {
  if (!diffs.length) return;
  const shown = diffs.slice(0, 40);
  const lines = shown.map((d) => `- ${browser} | ${caseName} | \`${d.path}\` | ${label[0]}: ${show(d.a)} | ${label[1]}: ${show(d.b)}`);
  if (diffs.length > shown.length) lines.push(`- ${browser} | ${caseName} | … and ${diffs.length - shown.length} more differences`);
  appendFileSync(FINDINGS, `${lines.join('\n')}\n`);
}

export function startFindings(title: string): void {
  appendFileSync(FINDINGS, `\n## ${title} (${new Date().toISOString()})\n`);
}
