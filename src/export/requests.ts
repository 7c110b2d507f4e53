/**
 * The export requests for the next pending spans: read in arrival order from a position in the
 * store, and encoded within the user's span and byte limits, as traces or as the logs of their
 * events. The exporter prepares the next round from where the current one ends while the current
 * one is on the wire, so reading and encoding overlap with the network.
 */
import type { Settings } from '../settings';
import type { SpanRecord } from '../protocol/span';
import { exportHeld, type Position, type SpanlightDB } from '../store/db';
import type { Signal } from '../signals';
import { readPending } from '../store/pending-read';
import { encodeSpans, partsOf, type EncodedPart } from '../otlp/encode';
import { supersededReports } from '../vital';
import { encodeLogs } from '../otlp/encode-logs';
import { spansToEvents } from '../otlp/events';
import type { BrowserInfo } from '../otlp/resource';
import { withSpanEvents } from '../otlp/span-events';

/**
 * One request: its body (none when its spans give no log record: nothing to send), its spans,
 * how many records it carries (spans, or log records), and the position just after its spans
 * (the signal's position once delivered).
 */
export interface PendingRequest {
  body: Uint8Array | undefined;
  spans: SpanRecord[];
  records: number;
  upTo: Position;
}

export type RequestSettings = Pick<Settings['export'], 'protocol' | 'batchSpans' | 'batchKilobytes' | 'spanEvents' | 'resourceTimingEvents'>;

/** `spans` as the requests of `signal`, within the limits; each part covers whole spans, so a position never splits a span's records. */
export function encodeSignal(signal: Signal, spans: readonly SpanRecord[], settings: RequestSettings, browserInfo: BrowserInfo): (EncodedPart & { records: number })[] {
  const maxBytes = settings.batchKilobytes * 1024;
  if (signal === 'traces') {
    // A vital reported again within these spans goes once, as its last report (src/vital.ts); the
    // logs keep every report, whose deltas add up to the value.
    const superseded = supersededReports(spans);
    const kept = (part: readonly SpanRecord[]) => (superseded.size ? part.filter((span) => !superseded.has(span)) : part);
    const sent = (part: readonly SpanRecord[]) => (settings.spanEvents ? withSpanEvents(kept(part), settings) : kept(part));
    return partsOf(spans, (part) => encodeSpans(sent(part), settings.protocol, browserInfo), settings.batchSpans, maxBytes).map((part) => ({
      ...part,
      records: kept(spans.slice(part.from, part.to)).length,
    }));
  }
  // A span's events stay together: the records of one span are all in one request.
  const perSpan = spans.map((span) => spansToEvents([span], { resourceTiming: settings.resourceTimingEvents }));
  return partsOf(perSpan, (part) => encodeLogs(part.flat(), settings.protocol, browserInfo), settings.batchSpans, maxBytes).map((part) => {
    const records = perSpan.slice(part.from, part.to).reduce((n, events) => n + events.length, 0);
    return { ...part, records };
  });
}

/**
 * Requests of `signal` for up to `limit` of the spans pending after `after`, in arrival order, in
 * the user's protocol and within their spans and kilobytes (before compression) per request.
 */
export async function nextRequests(
  db: SpanlightDB,
  after: Position,
  limit: number,
  settings: RequestSettings,
  browserInfo: BrowserInfo,
  signal: Signal = 'traces',
): Promise<PendingRequest[]> {
  // None while export is held (turned off since the run began).
  if (await exportHeld(db)) return [];
  const { spans, positionAfter } = await readPending(db, after, limit);
  return encodeSignal(signal, spans, settings, browserInfo).map(({ from, to, body, records }) => ({
    body: records ? body : undefined,
    spans: spans.slice(from, to),
    records,
    upTo: positionAfter(to - 1),
  }));
}
