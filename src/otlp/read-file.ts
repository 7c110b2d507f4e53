/**
 * Reads OTLP JSON files: one ExportTraceServiceRequest or ExportLogsServiceRequest (what the
 * viewer exports, or a collector's `otlp/json` request), or JSON Lines of them (the
 * OpenTelemetry Collector's file exporter), a line holding spans, log records or both. Strict:
 * the first thing that is not OTLP stops the read with an error naming the line and the field,
 * so a file is imported whole or not at all (file-reader.ts reads each field).
 *
 * Spans become SpanRecords, each keeping the attributes of the resource it came under (its
 * service). Log records are placed in the file's traces (file-logs.ts): on the span they name,
 * as span events, or as zero-duration spans of their own; those naming no trace are left out.
 */
import type { SpanRecord } from '../protocol/span';
import { placeLogRecords, readLogRecord, type FileLogRecord } from './file-logs';
import { FileReader, OtlpFileError } from './file-reader';

export { OtlpFileError } from './file-reader';

/** Largest file the viewer reads (characters). */
export const MAX_FILE_CHARS = 512 * 1024 * 1024;
/** Most spans and log records one file may hold, together. */
export const MAX_FILE_SPANS = 1_000_000;

/** What a file holds, as read so far. */
interface Contents {
  spans: SpanRecord[];
  records: FileLogRecord[];
}

const full = (out: Contents) => out.spans.length + out.records.length >= MAX_FILE_SPANS;
const TOO_MANY = `more than ${MAX_FILE_SPANS} spans and log records`;

/** One request's spans and log records, into `out`. */
function readRequest(reader: FileReader, value: unknown, out: Contents): void {
  const request = reader.record(value, '');
  if (request.resourceSpans === undefined && request.resourceLogs === undefined) reader.fail('.resourceSpans', 'expected an array (or .resourceLogs)');
  reader.list(request.resourceSpans, '.resourceSpans').forEach((rs, r) => {
    const resourceSpans = reader.record(rs, `.resourceSpans[${r}]`);
    const resource = reader.resource(resourceSpans.resource, `.resourceSpans[${r}].resource`);
    reader.list(resourceSpans.scopeSpans, `.resourceSpans[${r}].scopeSpans`).forEach((ss, s) => {
      const path = `.resourceSpans[${r}].scopeSpans[${s}]`;
      const scopeSpans = reader.record(ss, path);
      const scope = reader.scope(scopeSpans, path);
      reader.list(scopeSpans.spans, `${path}.spans`).forEach((span, i) => {
        if (full(out)) reader.fail('', TOO_MANY);
        const record: SpanRecord = { ...reader.span(span, `${path}.spans[${i}]`), pageUrl: '' };
        if (resource) record.resource = { ...resource };
        if (scope) record.scope = { ...scope };
        out.spans.push(record);
      });
    });
  });
  reader.list(request.resourceLogs, '.resourceLogs').forEach((rl, r) => {
    const resourceLogs = reader.record(rl, `.resourceLogs[${r}]`);
    const resource = reader.resource(resourceLogs.resource, `.resourceLogs[${r}].resource`);
    reader.list(resourceLogs.scopeLogs, `.resourceLogs[${r}].scopeLogs`).forEach((sl, s) => {
      const path = `.resourceLogs[${r}].scopeLogs[${s}]`;
      reader.list(reader.record(sl, path).logRecords, `${path}.logRecords`).forEach((record, i) => {
        if (full(out)) reader.fail('', TOO_MANY);
        out.records.push(readLogRecord(reader, record, `${path}.logRecords[${i}]`, resource));
      });
    });
  });
}

/** The contents of a file: its spans, with its log records placed in them, and how many records named no trace. */
export interface OtlpFile {
  spans: SpanRecord[];
  /** Log records left out: without a trace id, they belong to no page view. */
  logsLeftOut: number;
}

/**
 * The spans and log records of an OTLP JSON or JSON Lines file. Throws OtlpFileError, naming the
 * line and field, when any part of it is not OTLP, or when it holds nothing to show; nothing is
 * returned then.
 */
export function readOtlpFile(text: string): OtlpFile {
  if (text.length > MAX_FILE_CHARS) throw new OtlpFileError(`the file is over ${MAX_FILE_CHARS / 1024 / 1024} MB`);
  const out: Contents = { spans: [], records: [] };
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) readRequest(new FileReader(''), whole, out);
  else {
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new OtlpFileError(`line ${i + 1}: not JSON (${(error as Error).message})`);
      }
      readRequest(new FileReader(`line ${i + 1}: `), value, out);
    });
  }
  const { spans } = out;
  const logsLeftOut = placeLogRecords(spans, out.records);
  if (!spans.length) throw new OtlpFileError(`the file holds no spans${logsLeftOut ? `, and ${logsLeftOut} log records without a trace` : ''}`);
  // The page a span came from is not in OTLP: take its trace's root URL, as Spanlight sets it.
  const pages = new Map<string, string>();
  for (const span of spans) {
    const url = span.attributes['url.full'];
    if (!span.parentSpanId && typeof url === 'string') pages.set(span.traceId, url);
  }
  for (const span of spans) span.pageUrl = pages.get(span.traceId) ?? span.pageUrl;
  return { spans, logsLeftOut };
}

/** The spans of an OTLP JSON or JSON Lines file (readOtlpFile's, without the count of records left out). */
export function parseOtlpFile(text: string): SpanRecord[] {
  return readOtlpFile(text).spans;
}
