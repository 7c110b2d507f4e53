/**
 * The UI → background channel (runtime.sendMessage from the popup, panel and options pages).
 * Only the extension's own pages may use it: the background checks the sender's URL, so a
 * content script (which speaks for a page) can never reach these handlers.
 * Every request resolves with its response or rejects within a timeout.
 */
import { browser } from 'wxt/browser';
import { asArray, asHexId, asInteger, asNumber, asRecord, asString } from './check';
import { normalizeSettings, type Settings } from '../settings';
import { SPAN_LIMITS, type HrTime, type ImportedScope, type SpanEventRecord, type SpanLinkRecord, type SpanRecord } from './span';

/** Each request with its fields and its response: one map, from which both ends derive. */
export interface UiRequestMap {
  /** Send everything pending now, forgetting any backoff. */
  'export-now': { request: object; response: { ok: true } };
  /** Queue the spans the collector refused again. */
  'retry-parked': { request: object; response: { retried: number } };
  /** Delete the spans the collector refused (counted as dropped). */
  'discard-parked': { request: object; response: { discarded: number } };
  /** Send an empty, valid export request with these (unsaved) settings and report the answer. */
  'test-connection': { request: { export: Settings['export'] }; response: { ok: boolean; message: string } };
  /**
   * Store spans the viewer read from a file (viewing only: never exported). `key` names the part:
   * the same part imported again is stored once (`stored` 0).
   */
  'import-spans': { request: { key: string; spans: SpanRecord[] }; response: { stored: number } };
  /** Remove the parts of an import that failed half-way. */
  'import-undo': { request: { keys: string[] }; response: { removed: number } };
  /**
   * How many stored spans were never sent: what "also the stored spans" sends when an endpoint
   * is set where export was off.
   */
  'stored-unsent': { request: object; response: { stored: number } };
  /**
   * The next request export would send, as OTLP JSON (whatever the protocol), with the names of
   * the headers it carries (not their values); `spans` 0 when nothing is pending. With export off
   * nothing is pending: it then shows the request the stored spans would make if they were sent
   * too, and `pending` counts those.
   */
  'preview-export': {
    request: object;
    response: {
      endpoint: string;
      protocol: string;
      headerNames: string[];
      spans: number;
      pending: number;
      json: string;
      /** With the logs signal sent: where logs go, and the records of those spans, as OTLP JSON. */
      logs?: { endpoint: string; records: number; json: string };
    };
  };
}

/** Most spans one import request carries. */
export const IMPORT_PART_SPANS = 2000;
export type UiRequestType = keyof UiRequestMap;
export type UiRequest = { [K in UiRequestType]: { type: K } & UiRequestMap[K]['request'] }[UiRequestType];
export type UiResponse<K extends UiRequestType> = UiRequestMap[K]['response'];

const TIMEOUT_MS = 35_000;

/** Asks the background; resolves with its answer, or rejects on an error or after a timeout. */
export async function askBackground<K extends UiRequestType>(
  type: K,
  fields: UiRequestMap[K]['request'] = {},
): Promise<UiResponse<K>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the background did not answer "${type}"`)), TIMEOUT_MS);
  });
  try {
    const answer = (await Promise.race([browser.runtime.sendMessage({ ...fields, type }), timeout])) as
      | { ok: true; value: UiResponse<K> }
      | { ok: false; error: string }
      | undefined;
    if (!answer) throw new Error(`the background does not know "${type}"`);
    if (!answer.ok) throw new Error(answer.error);
    return answer.value;
  } finally {
    clearTimeout(timer);
  }
}

/** A UI request rebuilt from a message, or undefined when it is not one. */
export function parseUiRequest(value: unknown): UiRequest | undefined {
  const o = asRecord(value);
  switch (o?.type) {
    case 'export-now':
    case 'retry-parked':
    case 'discard-parked':
    case 'preview-export':
    case 'stored-unsent':
      return { type: o.type };
    case 'test-connection':
      return { type: 'test-connection', export: normalizeSettings({ export: o.export }).export };
    case 'import-spans': {
      const key = asString(o.key, 200);
      const list = asArray(o.spans, IMPORT_PART_SPANS);
      const spans = list?.map(parseSpanRecord);
      if (!key?.startsWith('import:') || !spans?.length || !spans.every((s) => s)) return undefined;
      return { type: 'import-spans', key, spans: spans as SpanRecord[] };
    }
    case 'import-undo': {
      const keys = asArray(o.keys, 10_000);
      if (!keys?.every((k) => typeof k === 'string' && k.startsWith('import:'))) return undefined;
      return { type: 'import-undo', keys: keys as string[] };
    }
    default:
      return undefined;
  }
}

function hrTime(value: unknown): HrTime | undefined {
  const pair = asArray(value, 2);
  const s = asInteger(pair?.[0], 0, 2 ** 40);
  const ns = asInteger(pair?.[1], 0, 999_999_999);
  return s === undefined || ns === undefined ? undefined : [s, ns];
}

function attributesOf(value: unknown): SpanRecord['attributes'] | undefined {
  const o = value === undefined ? {} : asRecord(value);
  if (!o || Object.keys(o).length > SPAN_LIMITS.attributes) return undefined;
  for (const [key, v] of Object.entries(o)) {
    if (key.length > SPAN_LIMITS.name) return undefined;
    if (typeof v === 'string' ? v.length > SPAN_LIMITS.string : typeof v !== 'boolean' && asNumber(v) === undefined) return undefined;
  }
  return o as SpanRecord['attributes'];
}

/** A span as the viewer's import sends it (what src/otlp/read-file.ts makes), or undefined. */
export function parseSpanRecord(value: unknown): SpanRecord | undefined {
  const o = asRecord(value);
  const status = asRecord(o?.status);
  const traceId = asHexId(o?.traceId, 32);
  const spanId = asHexId(o?.spanId, 16);
  const parentSpanId = o?.parentSpanId === undefined ? '' : asHexId(o.parentSpanId, 16);
  const name = asString(o?.name, SPAN_LIMITS.name);
  const kind = asInteger(o?.kind, 0, 4);
  const start = hrTime(o?.start);
  const end = hrTime(o?.end);
  const code = asInteger(status?.code, 0, 2);
  const message = status?.message === undefined ? '' : asString(status.message, SPAN_LIMITS.string);
  const attributes = attributesOf(o?.attributes);
  const pageUrl = asString(o?.pageUrl, SPAN_LIMITS.string);
  const eventList = asArray(o?.events, SPAN_LIMITS.events);
  const events = eventList?.map((item): SpanEventRecord | undefined => {
    const e = asRecord(item);
    const eventName = asString(e?.name, SPAN_LIMITS.name);
    const time = hrTime(e?.time);
    const eventAttributes = attributesOf(e?.attributes);
    if (eventName === undefined || !time || !eventAttributes) return undefined;
    return Object.keys(eventAttributes).length ? { name: eventName, time, attributes: eventAttributes } : { name: eventName, time };
  });
  const linkList = o?.links === undefined ? [] : asArray(o.links, SPAN_LIMITS.links);
  const links = linkList?.map((item): SpanLinkRecord | undefined => {
    const l = asRecord(item);
    const [linkTrace, linkSpan, flags] = [asHexId(l?.traceId, 32), asHexId(l?.spanId, 16), asInteger(l?.flags, 0, 255)];
    const linkAttributes = attributesOf(l?.attributes);
    if (!linkTrace || !linkSpan || flags === undefined || !linkAttributes) return undefined;
    const link: SpanLinkRecord = { traceId: linkTrace, spanId: linkSpan, flags };
    if (Object.keys(linkAttributes).length) link.attributes = linkAttributes;
    return link;
  });
  // The resource a file's span came under: imports come from the viewer, never from a page.
  const resource = o?.resource === undefined ? undefined : attributesOf(o.resource);
  const scope = o?.scope === undefined ? undefined : scopeOf(o.scope);
  const droppedAttributes = asInteger(o?.droppedAttributes ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const droppedEvents = asInteger(o?.droppedEvents ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const droppedLinks = asInteger(o?.droppedLinks ?? 0, 0, Number.MAX_SAFE_INTEGER);
  if (!links || !links.every((l) => l) || droppedLinks === undefined) return undefined;
  if (!traceId || !spanId || parentSpanId === undefined || name === undefined || kind === undefined || !start || !end) return undefined;
  if (code === undefined || message === undefined || !attributes || pageUrl === undefined || !events || !events.every((e) => e)) return undefined;
  if (droppedAttributes === undefined || droppedEvents === undefined || (o?.resource !== undefined && !resource) || (o?.scope !== undefined && !scope)) return undefined;
  const span: SpanRecord = { traceId, spanId, name, kind, start, end, status: { code }, attributes, events: events as SpanEventRecord[], pageUrl };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  if (message) span.status.message = message;
  if (droppedAttributes) span.droppedAttributes = droppedAttributes;
  if (droppedEvents) span.droppedEvents = droppedEvents;
  if (links.length) span.links = links as SpanLinkRecord[];
  if (droppedLinks) span.droppedLinks = droppedLinks;
  if (resource && Object.keys(resource).length) span.resource = resource;
  if (scope) span.scope = scope;
  return span;
}

/** An imported span's scope: a name, and a version and schema URL where the file gave them. */
function scopeOf(value: unknown): ImportedScope | undefined {
  const o = asRecord(value);
  const name = asString(o?.name, SPAN_LIMITS.name);
  const version = o?.version === undefined ? '' : asString(o.version, SPAN_LIMITS.name);
  const schemaUrl = o?.schemaUrl === undefined ? '' : asString(o.schemaUrl, SPAN_LIMITS.string);
  if (name === undefined || version === undefined || schemaUrl === undefined) return undefined;
  return { name, ...(version ? { version } : {}), ...(schemaUrl ? { schemaUrl } : {}) };
}
