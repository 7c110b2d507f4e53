/**
 * Log records read from an OTLP file (with file-reader.ts), placed in the traces the file holds: a
 * record is an event of the span it names when that span is in the file; else, when it names a
 * trace, a zero-duration span of its own (kind internal) in that trace, a child of the span it
 * names if any, with the record's attributes and resource; a record that names no trace belongs
 * to no page view and is left out (counted). Every record keeps its time.
 */
import { SPAN_LIMITS, type Attributes, type HrTime, type SpanRecord } from '../protocol/span';
import { DOCUMENT_URL } from './document-url';
import { cut, type FileReader } from './file-reader';

/** A log record as read: what placeLogRecords needs to place it in a trace. */
export interface FileLogRecord {
  /** Absent when the record names no trace (or the invalid, all-zero one). */
  traceId?: string;
  spanId?: string;
  /** Its `eventName`, else "log". */
  name: string;
  /** `timeUnixNano`, else `observedTimeUnixNano`; absent when neither is set (0). */
  time?: HrTime;
  /** Its attributes, its body as `log.record.body` and its severity as `log.record.severity_number`. */
  attributes: Attributes;
  droppedAttributes: number;
  /** The attributes of the resource it came under. */
  resource?: Attributes;
}

/** The attribute a record's body becomes: no semantic convention names one (log.record.original is the raw record, not its body). */
export const LOG_BODY = 'log.record.body';
/** The attribute a record's severity number (1–24) becomes; none names one either. */
export const LOG_SEVERITY = 'log.record.severity_number';

/** A LogRecord, read by `reader`; `resource` is its ResourceLogs'. A record in a trace must have a time. */
export function readLogRecord(reader: FileReader, value: unknown, path: string, resource: Attributes | undefined): FileLogRecord {
  const r = reader.record(value, path);
  const traceId = reader.optionalId(r.traceId, 32, `${path}.traceId`);
  const spanId = reader.optionalId(r.spanId, 16, `${path}.spanId`);
  const nonZero = (t: HrTime | undefined) => (t && (t[0] || t[1]) ? t : undefined);
  const at = (key: string) => (r[key] === undefined ? undefined : nonZero(reader.time(r[key], `${path}.${key}`)));
  // Both read first, so a bad one is reported even where the other is set.
  const [timeUnixNano, observed] = [at('timeUnixNano'), at('observedTimeUnixNano')];
  const time = timeUnixNano ?? observed;
  if (traceId && !time) reader.fail(`${path}.timeUnixNano`, 'expected a time (or observedTimeUnixNano)');
  const severity = r.severityNumber ?? 0;
  if (typeof severity !== 'number' || !Number.isInteger(severity) || severity < 0 || severity > 24) reader.fail(`${path}.severityNumber`, 'expected an OTLP severity number (0–24)');
  reader.string(r.severityText, `${path}.severityText`, true);
  reader.count(r.flags, `${path}.flags`);
  const body = r.body === undefined ? '' : reader.value(r.body, `${path}.body`);
  const extra: Attributes = {};
  if (body !== '') extra[LOG_BODY] = body;
  if (severity) extra[LOG_SEVERITY] = severity;
  const room = SPAN_LIMITS.attributes - Object.keys(extra).length;
  const { attributes, dropped } = reader.attributes(r.attributes, `${path}.attributes`, room);
  const record: FileLogRecord = {
    name: cut(reader.string(r.eventName, `${path}.eventName`, true), SPAN_LIMITS.name) || 'log',
    attributes: { ...attributes, ...extra },
    droppedAttributes: reader.count(r.droppedAttributesCount, `${path}.droppedAttributesCount`) + dropped,
  };
  if (traceId) record.traceId = traceId;
  if (spanId) record.spanId = spanId;
  if (time) record.time = time;
  if (resource) record.resource = resource;
  return record;
}

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
