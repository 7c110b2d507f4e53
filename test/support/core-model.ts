/**
 * A reference model of the tracer core (src/tracer/assembly/core.ts and redact-url.ts), in plain
 * TypeScript and written to be read: what the core does with each call the host makes, with
 * BigInt for its 64-bit arithmetic, arrays of rows for its tables and string operations for its
 * URL rules. test/core-model.test.ts feeds the model and the WASM build the same random call
 * streams and page events and compares every return value and every byte they write.
 * modelCore() in core-model-exports.ts puts the model behind the core's exports.
 */
import { CoreCode } from '../../src/tracer/core';

export const MAX_ATTRIBUTES = 128;
export const MAX_EVENTS = 64;
export const SPAN_CAPACITY = 256;
export const ATTR_CAPACITY = 1024;
export const EVENT_CAPACITY = 256;
export const URL_BYTES = 4096;
export const NONE = 0xffffffff;
const ATTR_STRING = 0;
const FLAG_ROOT = 1;
const FLAG_SAMPLED = 2;
const STATUS_ERROR = 2;
const HOW_ROOT = 1;
const HOW_GIVEN_ID = 2;
const HOW_GIVEN_PARENT = 4;

/** The last instant the tables hold: their seconds are u32 (February 2106). */
export const MAX_NS = 2n ** 32n * 1_000_000_000n - 1n;
const MS_LIMIT = 2 ** 32 * 1000;

/**
 * An attribute as the host stages it: four u32 words. The low byte of `type` is ATTR_*; for a
 * string, `value` is [string index, length]; for a number or a bool, the two halves of an f64.
 */
export interface Attr {
  key: number;
  type: number;
  value: [number, number];
}

/** An event as the host stages it: a string index and a page-relative time. */
export interface StagedEvent {
  name: number;
  timeMs: number;
}

/** What record() is given: its arguments (as the WASM sees them: i32 and u32), SPAN_ID and STAGE. */
export interface RecordCall {
  name: number;
  kind: number;
  how: number;
  startMs: number;
  endMs: number;
  status: number;
  message: number;
  attrsGiven: number;
  eventsGiven: number;
  /** The 16 bytes of SPAN_ID [0, 16) and [16, 32), one character per byte. */
  spanId: string;
  parentId: string;
  /** STAGE: all MAX_ATTRIBUTES attribute slots and MAX_EVENTS event slots, whatever they hold. */
  attrs: readonly Attr[];
  events: readonly StagedEvent[];
}

export interface SpanRow {
  spanId: bigint;
  /** 0n for a root span. */
  parentId: bigint;
  /** Unix nanoseconds. */
  start: bigint;
  end: bigint;
  name: number;
  message: number;
  firstAttr: number;
  attrs: number;
  droppedAttrs: number;
  firstEvent: number;
  events: number;
  droppedEvents: number;
  kind: number;
  status: number;
  flags: number;
}

export interface EventRow {
  name: number;
  time: bigint;
}

interface Page {
  originNs: bigint;
  rootId: bigint;
  sampled: boolean;
}

const isHexId = (s: string) => /^[0-9a-f]+$/.test(s) && /[^0]/.test(s);
const clamp = (n: bigint, lo: bigint, hi: bigint) => (n < lo ? lo : n > hi ? hi : n);
const M64 = 2n ** 64n - 1n;

/** The tracer core: its settings, page context, id generator and tables. */
export class CoreModel {
  private rng = 0n;
  private page: Page | undefined;
  private threshold = 2n ** 52n;
  private slowNs = 0n;
  private keepSlow = false;
  private attributeLimit = MAX_ATTRIBUTES;
  private valueLengthLimit = 16384;
  spans: SpanRow[] = [];
  attrs: Attr[] = [];
  events: EventRow[] = [];
  sampledOut = 0;

  init(seedHi: number, seedLo: number): void {
    this.rng = (BigInt(seedHi >>> 0) << 32n) | BigInt(seedLo >>> 0);
    this.page = undefined;
    this.sampledOut = 0;
    this.reset();
  }

  /** Settings are left as they were when a value is refused. */
  configure(ratio: number, slowMs: number, maxAttributes: number, maxValueLength: number): number {
    if (!(ratio >= 0 && ratio <= 1) || !(slowMs >= 0 && slowMs < Infinity) || maxAttributes > MAX_ATTRIBUTES) return CoreCode.RANGE;
    // The top 52 of the trace id's 56 random bits, compared with ratio × 2^52 (see sampling.ts).
    this.threshold = BigInt(Math.floor(ratio * 2 ** 52));
    this.keepSlow = slowMs > 0;
    this.slowNs = BigInt(Math.round(slowMs * 1e6));
    this.attributeLimit = maxAttributes;
    this.valueLengthLimit = maxValueLength;
    return 0;
  }

  reset(): void {
    this.spans = [];
    this.attrs = [];
    this.events = [];
  }

  /** `ids`: the 48 bytes of PAGE, one character per byte. A refused page leaves none. */
  setPage(ids: string, timeOriginMs: number): number {
    this.page = undefined;
    if (!(timeOriginMs >= 0 && timeOriginMs < MS_LIMIT)) return CoreCode.BAD_TIME;
    const traceId = ids.slice(0, 32);
    const rootId = ids.slice(32, 48);
    if (!isHexId(traceId) || !isHexId(rootId)) return CoreCode.BAD_ID;
    // Whole milliseconds and the fraction apart, so the fraction keeps its nanoseconds.
    const whole = Math.floor(timeOriginMs);
    const originNs = BigInt(whole) * 1_000_000n + BigInt(Math.round((timeOriginMs - whole) * 1e6));
    const sampled = BigInt(`0x${traceId.slice(18, 31)}`) < this.threshold;
    this.page = { originNs, rootId: BigInt(`0x${rootId}`), sampled };
    return sampled ? 1 : 0;
  }

  /**
   * Unix ns of a page-relative time, rounded to the nanosecond, held within what the tables can
   * hold; a time that is not a number is the time origin.
   */
  private unixNs(ms: number): bigint {
    const ns = Number.isNaN(ms) ? 0n : BigInt(Math.round(Math.min(Math.max(ms, -MS_LIMIT), MS_LIMIT) * 1e6));
    return clamp(this.page!.originNs + ns, 0n, MAX_NS);
  }

  /** splitmix64 over a 64-bit counter, as the core draws span ids (never 0). */
  private nextId(): bigint {
    for (;;) {
      this.rng = (this.rng + 0x9e3779b97f4a7c15n) & M64;
      let z = this.rng;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
      z ^= z >> 31n;
      if (z !== 0n) return z;
    }
  }

  /** 1: kept; 0: left out by sampling; else a CoreCode, with nothing written. */
  record(call: RecordCall): number {
    const { page } = this;
    if (!page) return CoreCode.NO_PAGE;
    const { kind, status, how } = call;
    const root = how === HOW_ROOT;
    if (kind < 0 || kind > 4 || status < 0 || status > 2 || ![0, HOW_ROOT, HOW_GIVEN_ID, HOW_GIVEN_PARENT, HOW_GIVEN_ID | HOW_GIVEN_PARENT].includes(how)) return CoreCode.RANGE;
    if (!Number.isFinite(call.startMs) || !Number.isFinite(call.endMs)) return CoreCode.BAD_TIME;
    const givenId = (how & HOW_GIVEN_ID) !== 0;
    const givenParent = (how & HOW_GIVEN_PARENT) !== 0;
    if ((givenId && !isHexId(call.spanId)) || (givenParent && !isHexId(call.parentId))) return CoreCode.BAD_ID;

    const start = this.unixNs(call.startMs);
    let end = this.unixNs(call.endMs);
    if (end < start) end = start;
    const slow = this.keepSlow && end - start >= this.slowNs;
    if (!page.sampled && !root && status !== STATUS_ERROR && !slow) {
      this.sampledOut++;
      return 0;
    }

    const keptAttrs = Math.min(call.attrsGiven, MAX_ATTRIBUTES, this.attributeLimit);
    const keptEvents = Math.min(call.eventsGiven, MAX_EVENTS);
    if (this.spans.length >= SPAN_CAPACITY || this.attrs.length + keptAttrs > ATTR_CAPACITY || this.events.length + keptEvents > EVENT_CAPACITY) return CoreCode.FULL;

    let spanId = page.rootId;
    let parentId = 0n;
    if (!root) {
      spanId = givenId ? BigInt(`0x${call.spanId}`) : this.nextId();
      // A parent the page side named is not kept where the page view is not sampled.
      parentId = givenParent && page.sampled ? BigInt(`0x${call.parentId}`) : page.rootId;
    }
    this.spans.push({
      spanId,
      parentId,
      start,
      end,
      name: call.name,
      message: call.message,
      firstAttr: this.attrs.length,
      attrs: keptAttrs,
      droppedAttrs: Math.min(call.attrsGiven - keptAttrs, 0xffff),
      firstEvent: this.events.length,
      events: keptEvents,
      droppedEvents: Math.min(call.eventsGiven - keptEvents, 0xffff),
      kind,
      status,
      flags: (root ? FLAG_ROOT : 0) | (page.sampled ? FLAG_SAMPLED : 0),
    });
    for (const attr of call.attrs.slice(0, keptAttrs)) {
      const [index, length] = attr.value;
      const cut = (attr.type & 0xff) === ATTR_STRING && length > this.valueLengthLimit;
      this.attrs.push({ ...attr, value: [index, cut ? this.valueLengthLimit : length] });
    }
    for (const event of call.events.slice(0, keptEvents)) this.events.push({ name: event.name, time: this.unixNs(event.timeMs) });
    return 1;
  }

  /** The redacted URL (UTF-8), -1 when nothing is redacted, or E_RANGE for one over URL_BYTES. */
  redact(url: Uint8Array): Uint8Array | number {
    if (url.length > URL_BYTES) return CoreCode.RANGE;
    const out = redactUrl(String.fromCharCode(...url));
    return out === undefined ? -1 : Uint8Array.from(out, (c) => c.charCodeAt(0));
  }
}

// ---- URL redaction ----

/** Matched in the percent-decoded, ASCII-lowercased name of a parameter. */
const SECRET_WORDS = ['token', 'key', 'secret', 'passw', 'auth', 'session', 'code', 'sig', 'credential'];

function isSecretName(name: string): boolean {
  const decoded = name.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return SECRET_WORDS.some((word) => decoded.includes(word));
}

/**
 * `url` (bytes, one character each) without its userinfo and with the values of secret-named
 * query parameters (and fragment pairs, when the fragment has a '=') replaced by REDACTED;
 * undefined when there is neither.
 */
export function redactUrl(url: string): string | undefined {
  let changed = false;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url)?.[0];
  if (scheme) {
    const rest = url.slice(scheme.length);
    const authority = rest.slice(0, rest.search(/[/?#]|$/));
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      url = scheme + rest.slice(at + 1);
      changed = true;
    }
  }
  const pairs = (part: string) =>
    part
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0 || !isSecretName(pair.slice(0, eq))) return pair;
        changed = true;
        return `${pair.slice(0, eq + 1)}REDACTED`;
      })
      .join('&');
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const question = beforeHash.indexOf('?');
  let out = question < 0 ? beforeHash : `${beforeHash.slice(0, question)}?${pairs(beforeHash.slice(question + 1))}`;
  if (hash >= 0) {
    const fragment = url.slice(hash + 1);
    out += `#${fragment.includes('=') ? pairs(fragment) : fragment}`;
  }
  return changed ? out : undefined;
}

// ---- the record layout (little-endian), as the host decodes it (src/protocol/span-batch.ts) ----

function writeTime(view: DataView, at: number, ns: bigint): void {
  view.setUint32(at, Number(ns / 1_000_000_000n), true);
  view.setUint32(at + 4, Number(ns % 1_000_000_000n), true);
}

/** A span's 64 bytes. */
export function encodeSpan(row: SpanRow): Uint8Array {
  const bytes = new Uint8Array(64);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, row.spanId, true);
  view.setBigUint64(8, row.parentId, true);
  writeTime(view, 16, row.start);
  writeTime(view, 24, row.end);
  view.setUint32(32, row.name, true);
  view.setUint32(36, row.message, true);
  view.setUint32(40, row.firstAttr, true);
  view.setUint16(44, row.attrs, true);
  view.setUint16(46, row.droppedAttrs, true);
  view.setUint32(48, row.firstEvent, true);
  view.setUint16(52, row.events, true);
  view.setUint16(54, row.droppedEvents, true);
  view.setUint8(56, row.kind);
  view.setUint8(57, row.status);
  view.setUint8(58, row.flags);
  return bytes;
}

/** An attribute's 16 bytes: its four words. */
export function encodeAttr(attr: Attr): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  [attr.key, attr.type, ...attr.value].forEach((word, i) => view.setUint32(i * 4, word, true));
  return bytes;
}

/** An event's 16 bytes: [0, 4) name, [4, 8) zero, [8, 16) its time. */
export function encodeEvent(event: EventRow): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, event.name, true);
  writeTime(view, 8, event.time);
  return bytes;
}
