/**
 * Log records read from an OTLP file (file-reader.ts), placed in the traces the file holds: a
 * record is an event of the span it names when that span is in the file; else, when it names a
 * trace, a zero-duration span of its own (kind internal) in that trace, a child of the span it
 * names if any, with the record's attributes and resource; a record that names no trace belongs
 * to no page view and is left out (counted). Every record keeps its time.
 */
import { SPAN_LIMITS, type SpanRecord } from '../protocol/span';
import { DOCUMENT_URL } from './document-url';
import type { FileLogRecord } from './file-reader';

/** FNV-1a of a string from `seed`, as 8 hex digits. */
function fnv(text: string, seed: number): string {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A span id for the `index`th record, from what it holds: the same file gives the same ids, so
 * importing it twice stores it once.
 */
function recordSpanId(record: FileLogRecord, index: number): string {
  const key = `${index}\u0000${record.traceId}\u0000${record.spanId ?? ''}\u0000${record.time}\u0000${record.name}`;
  const id = fnv(key, 0x811c9dc5) + fnv(key, 0x050c5d1f);
  return /^0+$/.test(id) ? '0000000000000001' : id;
}

/** The zero-duration span a record whose span is not in the file becomes. */
function recordSpan(record: FileLogRecord & { traceId: string }, index: number): SpanRecord {
  const time = record.time ?? [0, 0];
  const url = record.attributes[DOCUMENT_URL];
  const span: SpanRecord = {
    traceId: record.traceId,
    spanId: recordSpanId(record, index),
    name: record.name,
    kind: 0,
    start: [time[0], time[1]],
    end: [time[0], time[1]],
    status: { code: 0 },
    attributes: record.attributes,
    events: [],
    // Its page, when the file holds no root for its trace: the document it names.
    pageUrl: typeof url === 'string' ? url : '',
  };
  if (record.spanId) span.parentSpanId = record.spanId;
  if (record.droppedAttributes) span.droppedAttributes = record.droppedAttributes;
  if (record.resource) span.resource = { ...record.resource };
  return span;
}

/**
 * Places `records` in `spans` (changed in place: events added, spans appended). Past the event
 * limit a span's further events are counted in its dropped events. Returns how many records were
 * left out for naming no trace.
 */
export function placeLogRecords(spans: SpanRecord[], records: readonly FileLogRecord[]): number {
  const byId = new Map(spans.map((span) => [span.traceId + span.spanId, span]));
  let leftOut = 0;
  records.forEach((record, index) => {
    const { traceId } = record;
    if (!traceId) return void leftOut++;
    const span = record.spanId === undefined ? undefined : byId.get(traceId + record.spanId);
    if (!span) return void spans.push(recordSpan({ ...record, traceId }, index));
    if (span.events.length >= SPAN_LIMITS.events) return void (span.droppedEvents = (span.droppedEvents ?? 0) + 1);
    const time = record.time ?? span.start;
    span.events.push({ name: record.name, time: [time[0], time[1]], ...(Object.keys(record.attributes).length ? { attributes: record.attributes } : {}) });
  });
  return leftOut;
}
