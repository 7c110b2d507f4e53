/**
 * Import and export of OTLP files from the viewer. An import is read and checked whole first
 * (src/otlp/read-file.ts); spans the store has already are left out; the rest is handed to
 * the background, the store's only writer, in parts;
 * if a part fails, the parts already stored are removed again, so nothing is half-imported.
 */
import { browser } from 'wxt/browser';
import { otlpFile, type FileFormat } from '../../src/otlp/write-file';
import { readBrowserInfo } from '../../src/otlp/resource';
import { parseOtlpFile } from '../../src/otlp/read-file';
import { byTrace, type SpanRecord } from '../../src/protocol/span';
import { askBackground, IMPORT_PART_SPANS } from '../../src/protocol/ui';
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
  const spans = parseOtlpFile(await file.text());
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
  return { spans: spans.length, traces: [...new Set(spans.map((s) => s.traceId))], known };
}

/** Saves `spans` as an OTLP file through a download. */
export function downloadSpans(spans: readonly SpanRecord[], format: FileFormat, name: string): void {
  const text = otlpFile(spans, format, readBrowserInfo(navigator, browser.runtime.getManifest().version));
  const url = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'application/jsonl' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
