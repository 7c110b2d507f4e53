/**
 * OTLP JSON files the viewer writes: the spans as one ExportTraceServiceRequest (`.json`) or JSON
 * Lines with one request per trace (`.jsonl`), or the events they are sent as (events.ts) as
 * logs, likewise one ExportLogsServiceRequest (`.logs.json`) or one per trace (`.logs.jsonl`): the
 * OpenTelemetry Collector's file exporter writes traces and logs to separate files, in JSON Lines.
 * src/otlp/read-file.ts reads all four back.
 */
import { byTrace, type SpanRecord } from '../protocol/span';
import { encodeSpans } from './encode';
import { encodeLogs } from './encode-logs';
import { spansToEvents, type EventOptions } from './events';
import type { BrowserInfo } from './resource';

/** Which signal, in which framing: also the file name's extension. */
export type FileFormat = 'json' | 'jsonl' | 'logs.json' | 'logs.jsonl';

/** The formats, as the viewer's export offers them. */
export const FILE_FORMATS: readonly { format: FileFormat; label: string }[] = [
  { format: 'json', label: 'OTLP JSON' },
  { format: 'jsonl', label: 'OTLP JSON Lines' },
  { format: 'logs.json', label: 'OTLP JSON, events as logs' },
  { format: 'logs.jsonl', label: 'OTLP JSON Lines, events as logs' },
];

const text = new TextDecoder();

/** The file's name: `name`, then the format, which says the signal (`….logs.jsonl`). */
export const fileName = (name: string, format: FileFormat) => `${name}.${format}`;

/** Whether `format` writes logs rather than traces. */
export const isLogsFormat = (format: FileFormat) => format.startsWith('logs.');

/** The file of `spans` in `format`; for logs, of their events ('' when they are sent as none). */
export function otlpFile(spans: readonly SpanRecord[], format: FileFormat, browserInfo: BrowserInfo, options: EventOptions = {}): string {
  const lines = format.endsWith('jsonl');
  if (isLogsFormat(format)) return otlpLogsFile(spans, lines, browserInfo, options);
  if (!lines) return text.decode(encodeSpans(spans, 'http/json', browserInfo));
  let out = '';
  for (const list of byTrace(spans).values()) out += `${text.decode(encodeSpans(list, 'http/json', browserInfo))}\n`;
  return out;
}

/** The events of `spans` as one logs request, or (`lines`) one line per trace that has any. */
export function otlpLogsFile(spans: readonly SpanRecord[], lines: boolean, browserInfo: BrowserInfo, options: EventOptions = {}): string {
  let out = '';
  for (const list of lines ? byTrace(spans).values() : [spans]) {
    const events = spansToEvents(list, options);
    if (events.length) out += text.decode(encodeLogs(events, 'http/json', browserInfo)) + (lines ? '\n' : '');
  }
  return out;
}
