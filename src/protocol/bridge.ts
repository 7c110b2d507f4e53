/**
 * The bridge → background channel: a long-lived runtime.Port from each frame's ISOLATED content
 * script. Trusted more than the page, less than the background: the background parses every
 * message again. Every batch is answered with an ack (stored) or a nack (refused), by `seq`.
 */
import { PAGE_LIMITS, parsePageBatch, type PageEvent } from './page';
import { SPAN_LIMITS, parseSpanRecord, type SpanRecord } from './span';
import { asArray, asHexId, asInteger, asNumber, asRecord, asString } from './check';

/** runtime.connect name of the bridge port. */
export const BRIDGE_PORT = 'spanlight-bridge';

/** The page view a batch belongs to: made by the bridge, adopted by the tracer core. */
export interface PageContext {
  traceId: string;
  rootSpanId: string;
  /** performance.timeOrigin of the document, Unix ms. */
  timeOrigin: number;
  /** The document URL, redacted. */
  url: string;
}

/** Each bridge message with its fields: one map, from which both ends' types derive. */
export interface BridgeMessageMap {
  /** Spans made by the core in the content script. */
  spans: { seq: number; batch: string; spans: SpanRecord[]; dropped: number };
  /** Page events for the core in the background (the page's CSP refused WASM in the content script). */
  events: { seq: number; batch: string; page: PageContext; events: PageEvent[]; dropped: number };
}
export type BridgeMessage = {
  [K in keyof BridgeMessageMap]: { type: K } & BridgeMessageMap[K];
}[keyof BridgeMessageMap];

export type BackgroundReply = { type: 'ack'; seq: number } | { type: 'nack'; seq: number; error: string };

export function parsePageContext(value: unknown): PageContext | undefined {
  const o = asRecord(value);
  const traceId = asHexId(o?.traceId, 32);
  const rootSpanId = asHexId(o?.rootSpanId, 16);
  const timeOrigin = asNumber(o?.timeOrigin, 0, 1e14);
  const url = asString(o?.url, PAGE_LIMITS.url);
  if (!traceId || !rootSpanId || timeOrigin === undefined || url === undefined) return undefined;
  return { traceId, rootSpanId, timeOrigin, url };
}

/**
 * A bridge message rebuilt from what arrived on the port. `batch` is the sender's random id for
 * the batch (16 hex): the same batch sent again is stored once. Spans or events that do not match
 * their shape are left out and added to `dropped`; an unusable envelope gives undefined.
 */
export function parseBridgeMessage(value: unknown): BridgeMessage | undefined {
  const o = asRecord(value);
  const seq = asInteger(o?.seq, 0, Number.MAX_SAFE_INTEGER);
  const dropped = asInteger(o?.dropped ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const batch = asHexId(o?.batch, 16);
  if (!o || seq === undefined || dropped === undefined || !batch) return undefined;
  if (o.type === 'spans') {
    const items = asArray(o.spans, SPAN_LIMITS.spansPerBatch);
    if (!items) return undefined;
    const spans = items.map(parseSpanRecord).filter((s): s is SpanRecord => s !== undefined);
    return { type: 'spans', seq, batch, spans, dropped: dropped + items.length - spans.length };
  }
  if (o.type === 'events') {
    const page = parsePageContext(o.page);
    if (!page) return undefined;
    const parsed = parsePageBatch(o.events);
    return { type: 'events', seq, batch, page, events: parsed.events, dropped: dropped + parsed.dropped };
  }
  return undefined;
}
