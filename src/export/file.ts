/**
 * OTLP JSON files the viewer writes: one ExportTraceServiceRequest (`.json`), or JSON Lines with
 * one request per trace (`.jsonl`, as the OpenTelemetry Collector's file exporter writes).
 * src/protocol/otlp-json.ts reads both back.
 */
import type { SpanRecord } from '../protocol/span';
import { encodeSpans } from './encode';
import type { BrowserInfo } from './resource';

export type FileFormat = 'json' | 'jsonl';

const text = new TextDecoder();

export function otlpFile(spans: readonly SpanRecord[], format: FileFormat, browserInfo: BrowserInfo): string {
  if (format === 'json') return text.decode(encodeSpans(spans, 'http/json', browserInfo));
  const traces = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId);
    if (list) list.push(span);
    else traces.set(span.traceId, [span]);
  }
  let out = '';
  for (const list of traces.values()) out += `${text.decode(encodeSpans(list, 'http/json', browserInfo))}\n`;
  return out;
}
