/**
 * The phases of a request, as Chrome DevTools' Network timing shows them: redirect, DNS lookup,
 * connection, TLS, queued and sent, waiting for the first byte (TTFB), download. Read from the
 * span's Resource Timing marks (its events, named as the entry's fields and as OpenTelemetry's
 * web instrumentations name them), or for a page load without them from its `navigation.*`
 * children. Marks are page data: one that is not a finite time, or that falls before fetchStart
 * (a 0 an SDK turned into the time origin), is missing; the rest are clamped into the span and
 * into order, so phases never overlap nor leave the bar.
 */
import { hrTimeToMs } from '../protocol/span';
import { RESOURCE_MARKS, type NavigationMark } from '../protocol/page';
import type { TraceLayout } from './trace';

export type PhaseName = 'redirect' | 'dns' | 'connect' | 'tls' | 'request' | 'wait' | 'download';

/** A phase, in ms from the trace's start (as TraceRow's times). */
export interface RequestPhase {
  name: PhaseName;
  start: number;
  end: number;
}

/** What the span detail calls each phase. */
export const PHASE_LABELS: Record<PhaseName, string> = {
  redirect: 'Redirect',
  dns: 'DNS lookup',
  connect: 'Initial connection',
  tls: 'TLS',
  request: 'Queued and sent',
  wait: 'Waiting (TTFB)',
  download: 'Content download',
};

type Mark = (typeof RESOURCE_MARKS)[number];
type Marks = Partial<Record<Mark, number>>;

/**
 * Each phase's marks: `from` the first of its start marks present, `to` the first of its end
 * marks present. Connect ends where TLS starts, so the two do not overlap; `request` runs from
 * the connection being ready (reused: from fetchStart) until the request went.
 */
const PHASES: { name: PhaseName; from: Mark[]; to: Mark[]; keepEmpty?: boolean }[] = [
  { name: 'redirect', from: ['redirectStart'], to: ['redirectEnd'] },
  { name: 'dns', from: ['domainLookupStart'], to: ['domainLookupEnd'] },
  { name: 'connect', from: ['connectStart'], to: ['secureConnectionStart', 'connectEnd'] },
  { name: 'tls', from: ['secureConnectionStart'], to: ['connectEnd'] },
  // Every request is sent, so a 0 here says something (it went at once), as a TTFB or a download of
  // 0 ms does (a cache hit); an empty DNS lookup says only that none was needed. Firefox's coarse
  // clock often gives a loopback request connectEnd === requestStart.
  { name: 'request', from: ['connectEnd', 'domainLookupEnd', 'fetchStart'], to: ['requestStart'], keepEmpty: true },
  { name: 'wait', from: ['requestStart'], to: ['responseStart'], keepEmpty: true },
  { name: 'download', from: ['responseStart'], to: ['responseEnd'], keepEmpty: true },
];

/** A page load's phase children, as the marks they run between (src/tracer/navigation-phases.ts). */
const CHILD_MARKS: Record<string, [Mark, Mark]> = {
  'navigation.redirect': ['redirectStart', 'redirectEnd'],
  'navigation.dns': ['domainLookupStart', 'domainLookupEnd'],
  'navigation.connect': ['connectStart', 'connectEnd'],
  'navigation.tls': ['secureConnectionStart', 'connectEnd'],
  'navigation.request': ['requestStart', 'responseStart'],
  'navigation.response': ['responseStart', 'responseEnd'],
};

const MARK_NAMES: ReadonlySet<string> = new Set<NavigationMark>(RESOURCE_MARKS);
const AFTER_FETCH = RESOURCE_MARKS.slice(RESOURCE_MARKS.indexOf('fetchStart') + 1);

/** The marks of row `row`: its events, else its page-load phase children; ms from the trace's start. */
function marksOf(layout: TraceLayout, row: number): Marks {
  const r = layout.rows[row]!;
  const marks: Marks = {};
  const put = (name: Mark, at: number) => Number.isFinite(at) && (marks[name] ??= at);
  for (const event of r.span.events) if (MARK_NAMES.has(event.name)) put(event.name as Mark, hrTimeToMs(event.time) - layout.t0);
  if (Object.keys(marks).length) return marks;
  for (let c = row + 1; c <= row + r.descendants; c += layout.rows[c]!.descendants + 1) {
    const pair = CHILD_MARKS[layout.rows[c]!.span.name];
    if (!pair) continue;
    put(pair[0], layout.rows[c]!.start);
    put(pair[1], layout.rows[c]!.end);
  }
  return marks;
}

/** Row `row`'s phases in order, within its bar, not overlapping; none where its marks tell none. */
export function requestPhases(layout: TraceLayout, row: number): RequestPhase[] {
  const r = layout.rows[row];
  if (!r) return [];
  const marks = marksOf(layout, row);
  const fetchStart = marks.fetchStart;
  if (fetchStart !== undefined) for (const mark of AFTER_FETCH) if ((marks[mark] ?? fetchStart) < fetchStart) delete marks[mark];
  const clamp = (at: number) => Math.min(r.end, Math.max(r.start, at));
  const phases: RequestPhase[] = [];
  let cursor = r.start;
  for (const { name, from, to, keepEmpty } of PHASES) {
    const a = from.map((m) => marks[m]).find((t) => t !== undefined);
    const b = to.map((m) => marks[m]).find((t) => t !== undefined);
    if (a === undefined || b === undefined) continue;
    const start = Math.max(cursor, clamp(a));
    const end = Math.max(start, clamp(b));
    if (end === start && !keepEmpty) continue;
    phases.push({ name, start, end });
    cursor = end;
  }
  return phases;
}
