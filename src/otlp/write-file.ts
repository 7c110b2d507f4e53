/**
 * OTLP JSON files the viewer writes: one ExportTraceServiceRequest (`.json`), or JSON Lines with
 * one request per trace (`.jsonl`, as the OpenTelemetry Collector's file exporter writes).
 * src/otlp/read-file.ts reads both back.
 */
import { byTrace, type SpanRecord } from '../protocol/span';
import { encodeSpans } from './encode';
import type { BrowserInfo } from './resource';

export type FileFormat = 'json' | 'jsonl';

const text = new TextDecoder();

export function otlpFile(spans: readonly SpanRecord[], format: FileFormat, browserInfo: BrowserInfo): string {
  if (format === 'json') return text.decode(encodeSpans(spans, 'http/json', browserInfo));
  let out = '';
  for (const list of byTrace(spans).values()) out += `${text.decode(encodeSpans(list, 'http/json', browserInfo))}\n`;
  return out;
}
