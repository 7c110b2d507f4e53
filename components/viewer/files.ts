/**
 * Import and export of OTLP files from the viewer: traces, and the events as logs. An import is
 * read and checked whole first (src/otlp/read-file.ts: its log records become span events or
 * spans of their own); spans the store has already are left out; the rest is handed to
 * the background, the store's only writer, in parts;
 * if a part fails, the parts already stored are removed again, so nothing is half-imported.
 */
import { browser } from 'wxt/browser';
import { spansToEvents } from '../../src/otlp/events';
import { fileName, isLogsFormat, otlpFile, type FileFormat } from '../../src/otlp/write-file';
import { readBrowserInfo } from '../../src/otlp/resource';
import { readOtlpFile } from '../../src/otlp/read-file';
import { byTrace, type SpanRecord } from '../../src/protocol/span';
import { askBackground, IMPORT_PART_SPANS } from '../../src/protocol/ui';
import { plural } from '../format';
import { pageView, spansOfTrace } from '../../src/store/queries';
import { storeReader } from '../../src/store/reader';

/** FNV-1a of a string, as 8 hex digits. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Parts of at most IMPORT_PART_SPANS spans, a trace's spans together where they fit. */
export function importParts(spans: readonly SpanRecord[]): { key: string; spans: SpanRecord[] }[] {
  const parts: SpanRecord[][] = [[]];
  for (const list of byTrace(spans).values()) {
    for (let i = 0; i < list.length; i += IMPORT_PART_SPANS) {
      const piece = list.slice(i, i + IMPORT_PART_SPANS);
      if (parts.at(-1)!.length + piece.length > IMPORT_PART_SPANS) parts.push([]);
      parts.at(-1)!.push(...piece);
    }
  }
  // The key follows from the spans, so the same file imported twice is stored once.
  return parts.filter((p) => p.length).map((p) => ({ key: `import:${fnv(p.map((s) => s.traceId + s.spanId).join())}:${p.length}`, spans: p }));
}

export interface ImportResult {
  spans: number;
  traces: string[];
  /** Spans the store had already (an earlier import, or the file came from this store). */
  known: number;
  /** Log records without a trace id, which belong to no page view. */
  logsLeftOut: number;
}

/** The status line after an import. */
export function importStatus(name: string, result: ImportResult): string {
  const known = result.known ? ` (${result.known} were already stored)` : '';
  const leftOut = result.logsLeftOut ? ` ${plural(result.logsLeftOut, 'log record')} without a trace left out.` : '';
  return `Imported ${plural(result.spans, 'span')} in ${plural(result.traces.length, 'trace')} from ${name}${known}.${leftOut}`;
}

/** `spans` less those the store has already (a file exported from here, or imported before). */
async function notStored(spans: readonly SpanRecord[]): Promise<SpanRecord[]> {
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  const known = new Set<string>();
  const db = await storeReader();
  for (const traceId of traceIds) {
    if (!(await pageView(db, traceId))) continue;
    for (const span of await spansOfTrace(db, traceId)) known.add(traceId + span.spanId);
  }
  return spans.filter((s) => !known.has(s.traceId + s.spanId));
}

export async function importFile(file: Blob, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
  const { spans, logsLeftOut } = readOtlpFile(await file.text());
  const fresh = await notStored(spans);
  const parts = importParts(fresh);
  const stored: string[] = [];
  let known = spans.length - fresh.length;
  try {
    for (const [i, part] of parts.entries()) {
      const { stored: count } = await askBackground('import-spans', part);
      if (count) stored.push(part.key);
      known += part.spans.length - count;
      onProgress?.(i + 1, parts.length);
    }
  } catch (error) {
    await askBackground('import-undo', { keys: stored }).catch(() => undefined);
    throw new Error(`${(error as Error).message}; nothing was imported`);
  }
  return { spans: spans.length, traces: [...new Set(spans.map((s) => s.traceId))], known, logsLeftOut };
}

/**
 * Saves `spans` as an OTLP file through a download: traces, or the events they are sent as, as
 * logs (`….logs.json`, `….logs.jsonl`). Returns how many spans or log records it holds; none, no
 * download.
 */
export function downloadSpans(spans: readonly SpanRecord[], format: FileFormat, name: string): number {
  const count = isLogsFormat(format) ? spansToEvents(spans).length : spans.length;
  if (!count) return 0;
  const text = otlpFile(spans, format, readBrowserInfo(navigator, browser.runtime.getManifest().version));
  const url = URL.createObjectURL(new Blob([text], { type: format.endsWith('jsonl') ? 'application/jsonl' : 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(name, format);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return count;
}
