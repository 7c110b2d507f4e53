/**
 * A batch of spans as the tracer core writes them: its tables copied out of linear memory
 * (base64, since Chromium's extension messaging is JSON) and the strings they point to. The
 * bridge sends it as is, so the page pays for no per-span object; the background decodes it
 * into SpanRecords here, checking every index, length and range.
 */
import { fromBase64 } from './base64';
import { asArray, asHexId, asInteger, asNumber, asRecord, asString } from './check';
import { SPAN_LIMITS, type AttributeValue, type SpanRecord } from './span';

/** The page view a batch belongs to: made by the bridge, adopted by the tracer core. */
export interface PageContext {
  traceId: string;
  rootSpanId: string;
  /** performance.timeOrigin of the document, Unix ms. */
  timeOrigin: number;
  /** The document URL; the core redacts it before anything is stored. */
  url: string;
}

export function parsePageContext(value: unknown): PageContext | undefined {
  const o = asRecord(value);
  const traceId = asHexId(o?.traceId, 32);
  const rootSpanId = asHexId(o?.rootSpanId, 16);
  const timeOrigin = asNumber(o?.timeOrigin, 0, 1e14);
  const url = asString(o?.url, SPAN_LIMITS.string);
  if (!traceId || !rootSpanId || timeOrigin === undefined || url === undefined) return undefined;
  return { traceId, rootSpanId, timeOrigin, url };
}

/** The core's tables of one fill, base64. */
export interface WireChunk {
  spans: string;
  attrs: string;
  events: string;
}

export interface WireSpanBatch {
  /** The page view; its URL is already redacted by the core. */
  page: PageContext;
  chunks: WireChunk[];
  /** Span names, status messages, string values and event names, by index. */
  strings: string[];
  /** Attribute keys, by index. */
  keys: string[];
  /** Spans sampling left out of this batch. */
  sampledOut: number;
}

/** Record sizes and markers of the core's tables (the layout at the head of src/tracer/assembly/core.ts). */
export const CoreLayout = {
  span: 64,
  attr: 16,
  event: 16,
  none: 0xffffffff,
  attrString: 0,
  attrNumber: 1,
  attrBool: 2,
  flagRoot: 1,
  flagSampled: 2,
} as const;

export const BATCH_LIMITS = {
  /** The core's tables hold 256 spans and 1,024 attributes: 64 chunks bound a batch as 16 of the earlier, four times larger tables did. */
  chunks: 64,
  strings: 200_000,
  keys: 1024,
} as const;

export interface DecodedBatch {
  page: PageContext;
  spans: SpanRecord[];
  /** Records that failed a check and were left out. */
  invalid: number;
  sampledOut: number;
}

/** A batch from the bridge, decoded; undefined when its envelope is unusable. */
export function decodeSpanBatch(value: unknown): DecodedBatch | undefined {
  const o = asRecord(value);
  const page = parsePageContext(o?.page);
  const chunks = asArray(o?.chunks, BATCH_LIMITS.chunks);
  const strings = asArray(o?.strings, BATCH_LIMITS.strings);
  const keys = asArray(o?.keys, BATCH_LIMITS.keys);
  const sampledOut = asInteger(o?.sampledOut ?? 0, 0, Number.MAX_SAFE_INTEGER);
  if (!page || !chunks || !strings || !keys || sampledOut === undefined) return undefined;
  if (!strings.every((s) => asString(s, SPAN_LIMITS.string) !== undefined)) return undefined;
  if (!keys.every((k) => asString(k, SPAN_LIMITS.name) !== undefined)) return undefined;
  const tables: { spans: DataView; attrs: DataView; events: DataView }[] = [];
  let total = 0;
  for (const chunk of chunks) {
    const c = asRecord(chunk);
    const spans = bytesOf(c?.spans, CoreLayout.span);
    const attrs = bytesOf(c?.attrs, CoreLayout.attr);
    const events = bytesOf(c?.events, CoreLayout.event);
    if (!spans || !attrs || !events) return undefined;
    total += spans.byteLength / CoreLayout.span;
    tables.push({ spans, attrs, events });
  }
  if (total > SPAN_LIMITS.spansPerBatch) return undefined;
  const reader = new Reader(page, strings as string[], keys as string[]);
  const out: SpanRecord[] = [];
  let invalid = 0;
  for (const table of tables) {
    for (let at = 0; at < table.spans.byteLength; at += CoreLayout.span) {
      const span = reader.span(table, at);
      if (span) out.push(span);
      else invalid++;
    }
  }
  return { page, spans: out, invalid, sampledOut };
}

function bytesOf(value: unknown, record: number): DataView | undefined {
  if (typeof value !== 'string' || value.length > 4 * 1024 * 1024) return undefined;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(value);
  } catch {
    return undefined;
  }
  return bytes.byteLength % record === 0 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** `value` cut to `length` UTF-16 units, never between the halves of a surrogate pair. */
function cut(value: string, length: number): string {
  if (length >= value.length) return value;
  const last = value.charCodeAt(length - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

class Reader {
  constructor(
    private readonly page: PageContext,
    private readonly strings: string[],
    private readonly keys: string[],
  ) {}

  private id(view: DataView, at: number): string | undefined {
    const lo = view.getUint32(at, true);
    const hi = view.getUint32(at + 4, true);
    return lo || hi ? hex8(hi) + hex8(lo) : undefined;
  }

  private time(view: DataView, at: number): [number, number] | undefined {
    const s = view.getUint32(at, true);
    const ns = view.getUint32(at + 4, true);
    return ns < 1e9 ? [s, ns] : undefined;
  }

  span(table: { spans: DataView; attrs: DataView; events: DataView }, at: number): SpanRecord | undefined {
    const v = table.spans;
    const spanId = this.id(v, at);
    const parentSpanId = this.id(v, at + 8);
    const start = this.time(v, at + 16);
    const end = this.time(v, at + 24);
    const name = this.strings[v.getUint32(at + 32, true)];
    const messageIndex = v.getUint32(at + 36, true);
    const message = messageIndex === CoreLayout.none ? undefined : this.strings[messageIndex];
    const kind = v.getUint8(at + 56);
    const code = v.getUint8(at + 57);
    const root = (v.getUint8(at + 58) & CoreLayout.flagRoot) !== 0;
    if (!spanId || !start || !end || name === undefined || name.length > SPAN_LIMITS.name) return undefined;
    if (kind > 4 || code > 2 || (messageIndex !== CoreLayout.none && message === undefined)) return undefined;
    if (root === (parentSpanId !== undefined)) return undefined;
    if (start[0] > end[0] || (start[0] === end[0] && start[1] > end[1])) return undefined;
    const attributes = this.attributes(table.attrs, v.getUint32(at + 40, true), v.getUint16(at + 44, true));
    const events = this.events(table.events, v.getUint32(at + 48, true), v.getUint16(at + 52, true));
    if (!attributes || !events) return undefined;
    const span: SpanRecord = {
      traceId: this.page.traceId,
      spanId,
      name,
      kind,
      start,
      end,
      status: message === undefined ? { code } : { code, message },
      attributes,
      events,
      pageUrl: this.page.url,
    };
    if (parentSpanId) span.parentSpanId = parentSpanId;
    const droppedAttributes = v.getUint16(at + 46, true);
    const droppedEvents = v.getUint16(at + 54, true);
    if (droppedAttributes) span.droppedAttributes = droppedAttributes;
    if (droppedEvents) span.droppedEvents = droppedEvents;
    return span;
  }

  private attributes(view: DataView, first: number, count: number): SpanRecord['attributes'] | undefined {
    if (count > SPAN_LIMITS.attributes || (first + count) * CoreLayout.attr > view.byteLength) return undefined;
    const out: SpanRecord['attributes'] = {};
    for (let i = 0; i < count; i++) {
      const at = (first + i) * CoreLayout.attr;
      const key = this.keys[view.getUint32(at, true)];
      if (key === undefined) return undefined;
      let value: AttributeValue | undefined;
      switch (view.getUint8(at + 4)) {
        case CoreLayout.attrString: {
          const text = this.strings[view.getUint32(at + 8, true)];
          value = text === undefined ? undefined : cut(text, view.getUint32(at + 12, true));
          break;
        }
        case CoreLayout.attrNumber:
          value = view.getFloat64(at + 8, true);
          if (!Number.isFinite(value)) value = undefined;
          break;
        case CoreLayout.attrBool:
          value = view.getFloat64(at + 8, true) !== 0;
          break;
      }
      if (value === undefined) return undefined;
      out[key] = value;
    }
    return out;
  }

  private events(view: DataView, first: number, count: number): SpanRecord['events'] | undefined {
    if (count > SPAN_LIMITS.events || (first + count) * CoreLayout.event > view.byteLength) return undefined;
    const out: SpanRecord['events'] = [];
    for (let i = 0; i < count; i++) {
      const at = (first + i) * CoreLayout.event;
      const name = this.strings[view.getUint32(at, true)];
      const time = this.time(view, at + 8);
      if (name === undefined || name.length > SPAN_LIMITS.name || !time) return undefined;
      out.push({ name, time });
    }
    return out;
  }
}
