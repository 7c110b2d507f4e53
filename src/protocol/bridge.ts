/**
 * The bridge → background channel: a long-lived runtime.Port from each frame's ISOLATED content
 * script. Trusted more than the page, less than the background: the background parses every
 * message again. Every batch is answered by `seq`: an ack once it is stored (or deliberately not
 * stored: capture is off there, or it was stored before), or a nack when it is refused for good
 * (malformed, forged, or a batch the core cannot take: the same bytes would fail again), which
 * the background has then counted as dropped, per span or event. Only a storage failure leaves a
 * batch unanswered, and only an unanswered batch is sent again.
 */
import { parsePageBatch, type PageEvent } from './page';
import type { SpanRecord } from './span';
import { decodeSpanBatch, parsePageContext, type PageContext, type WireSpanBatch } from './span-batch';
import { asHexId, asInteger, asRecord } from './check';
import { SPAN_LIMITS } from './span';

export type { PageContext };

/** runtime.connect name of the bridge port. */
export const BRIDGE_PORT = 'spanlight-bridge';

/** Each bridge message with its fields: one map, from which both ends' types derive. */
export interface BridgeMessageMap {
  /** Spans made by the core in the content script, as its tables (see span-batch.ts). */
  spans: { seq: number; batch: string; data: WireSpanBatch; dropped: number };
  /** Page events for the core in the background (the page's CSP refused WASM in the content script). */
  events: { seq: number; batch: string; page: PageContext; events: PageEvent[]; dropped: number };
  /** The frame's current page view, sent as it starts: binds it to the frame; the top frame's is what its frames' page views link to. */
  view: { seq: number; batch: string; page: PageContext; dropped: number };
}
export type BridgeMessage = {
  [K in keyof BridgeMessageMap]: { type: K } & BridgeMessageMap[K];
}[keyof BridgeMessageMap];

export type BackgroundReply = { type: 'ack'; seq: number } | { type: 'nack'; seq: number; error: string };

/**
 * How many spans or events a bridge message carries, as far as its shape tells (at least 1 but for
 * a `view`, at most a batch's limit): what is counted as lost when it is dropped whole. Reads no more than
 * array lengths and string sizes, so it works on malformed messages too.
 */
export function itemsIn(value: unknown): number {
  const o = asRecord(value);
  // A page view's name carries no spans of its own.
  if (o?.type === 'view') return 0;
  let items = 0;
  if (Array.isArray(o?.events)) items = o.events.length;
  const chunks = asRecord(o?.data)?.chunks;
  if (Array.isArray(chunks)) {
    for (const chunk of chunks.slice(0, 64)) {
      const spans = asRecord(chunk)?.spans;
      // 64-byte records, base64: 4 characters per 3 bytes.
      if (typeof spans === 'string') items += Math.floor((spans.length * 3) / 4 / 64);
    }
  }
  return Math.min(Math.max(items, 1), SPAN_LIMITS.spansPerBatch);
}

/** A bridge message as the background uses it: spans decoded, or events for its own core. */
export type IngestMessage = { seq: number; batch: string; dropped: number; page: PageContext } & (
  | { type: 'spans'; spans: SpanRecord[]; sampledOut: number }
  | { type: 'events'; events: PageEvent[] }
  | { type: 'view' }
);

/**
 * A bridge message rebuilt from what arrived on the port. `batch` is the sender's random id for
 * the batch (16 hex): the same batch sent again is stored once. Spans or events that do not match
 * their shape are left out and added to `dropped`; an unusable envelope gives undefined.
 */
export function parseBridgeMessage(value: unknown): IngestMessage | undefined {
  const o = asRecord(value);
  const seq = asInteger(o?.seq, 0, Number.MAX_SAFE_INTEGER);
  const dropped = asInteger(o?.dropped ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const batch = asHexId(o?.batch, 16);
  if (!o || seq === undefined || dropped === undefined || !batch) return undefined;
  if (o.type === 'spans') {
    const decoded = decodeSpanBatch(o.data);
    if (!decoded) return undefined;
    return { type: 'spans', seq, batch, page: decoded.page, spans: decoded.spans, sampledOut: decoded.sampledOut, dropped: dropped + decoded.invalid };
  }
  if (o.type === 'view') {
    const page = parsePageContext(o.page);
    return page && { type: 'view', seq, batch, page, dropped };
  }
  if (o.type === 'events') {
    const page = parsePageContext(o.page);
    if (!page) return undefined;
    const parsed = parsePageBatch(o.events);
    return { type: 'events', seq, batch, page, events: parsed.events, dropped: dropped + parsed.dropped };
  }
  return undefined;
}
