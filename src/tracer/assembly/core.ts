// Spanlight tracer core: turns captured page events into spans.
//
// The host (src/tracer/span-writer.ts) stages a span's attributes and events in STAGE and calls
// record() once per span. The core owns the ids, the Unix-nanosecond times, the parent links, the sampling decision,
// the attribute limits and URL redaction (redact-url.ts), and writes each kept span into tables in
// linear memory that the host copies out in bulk as a batch. No JS object is made per span: strings
// stay with the host, which passes their index in the batch's string list and their length.
// test/support/core-model.ts is a reference model of it in TypeScript, which
// test/core-model.test.ts compares it with on random event streams.
//
// Build: `npm run build:wasm` (asc src/tracer/assembly/core.ts --target release, see asconfig.json;
// the modules it imports, redact-url.ts and hex.ts, are compiled with it).
//
// Memory layout (byte offsets; numbers little-endian):
//   LAYOUT   36 B  the addresses of the areas below, written by layout()
//   COUNTS   16 B  the table fills and the sampled-out count, written by counts()
//   PAGE     48 B  page context, written by the host before setPage():
//                  [0, 32) trace id of the page view, lowercase hex; [32, 48) its root span id
//   SPAN_ID  32 B  [0, 16) a span id and [16, 32) a parent span id (lowercase hex), which the
//                  host writes before record() with HOW_GIVEN_ID or HOW_GIVEN_PARENT
//   STAGE    MAX_ATTRIBUTES × 16 + MAX_EVENTS × 16 B  the next span's attributes (ATTRS layout)
//                  and events ([0, 4) name, [8, 16) page-relative ms f64), staged by the host
//   URL_IN   URL_BYTES B  a UTF-8 URL the host writes before redact()
//   URL_OUT  4 × URL_BYTES B  the redacted URL, written by redact()
//   SPANS    SPAN_CAPACITY × 64 B, one kept span per record:
//     [0, 8)   span id u64            [8, 16)  parent span id u64, 0 for a root span
//     [16, 20) start, Unix s u32  [20, 24) its ns u32   [24, 28) end, Unix s u32  [28, 32) its ns u32
//     [32, 36) name: string index     [36, 40) status message: string index, NONE if absent
//     [40, 44) first attribute index  [44, 46) attributes u16   [46, 48) dropped attributes u16
//     [48, 52) first event index      [52, 54) events u16       [54, 56) dropped events u16
//     [56] kind (OTel API SpanKind)   [57] status code   [58] flags (FLAG_*)   [59, 64) zero
//   ATTRS    ATTR_CAPACITY × 16 B:
//     [0, 4) key index   [4] type (ATTR_*)   [5, 8) zero
//     [8, 16) f64 value (number, bool 0/1), or [8, 12) string index and [12, 16) its kept length
//   EVENTS   EVENT_CAPACITY × 16 B: [0, 4) name: string index  [4, 8) zero
//                                   [8, 12) time, Unix s u32   [12, 16) its ns u32
// String and key indexes point into lists the host keeps for the batch; lengths are UTF-16 units.

import { isHexId, readHex } from './hex';
import { redactUrl } from './redact-url';

const SPAN_RECORD: u32 = 64;
const ATTR_RECORD: u32 = 16;
const EVENT_RECORD: u32 = 16;
// The tables are sized so that the whole core takes one 64 KB page of linear memory per frame
// that runs it: a batch that fills one is copied out in chunks (span-writer.ts, cutChunk), ~60
// spans of a dozen attributes each.
const SPAN_CAPACITY: u32 = 256;
const ATTR_CAPACITY: u32 = 1024;
const EVENT_CAPACITY: u32 = 256;
/** Attributes and events one span may have, whatever the host configures. */
const MAX_ATTRIBUTES: u32 = 128;
const MAX_EVENTS: u32 = 64;
/**
 * Largest UTF-8 URL redact() takes: every URL the page side and the bridge pass is serialized by
 * the platform (ASCII) and cut to 4096 units, so each fits; a longer one (text a page wrote
 * itself) is replaced whole, REDACTED, by the host.
 */
const URL_BYTES: u32 = 4096;
/** The last instant the tables hold, their seconds being u32: 2106-02-07T06:28:15.999999999Z. */
const MAX_NS: i64 = 4_294_967_295_999_999_999;
/** 2^32 s in ms: time origins from then on are refused; page-relative times are held under it. */
const MS_LIMIT: f64 = 4_294_967_296_000;

export const NONE: u32 = 0xffffffff;
export const ATTR_STRING: u8 = 0;
export const ATTR_NUMBER: u8 = 1;
export const ATTR_BOOL: u8 = 2;
/** The page view's root span. */
export const FLAG_ROOT: u8 = 1;
/** The page view was sampled (kept spans of unsampled views lack it: errors, slow spans, roots). */
export const FLAG_SAMPLED: u8 = 2;

const STATUS_ERROR: i32 = 2;

/** record()'s `how`: the page view's root span (alone), or an id and a parent given in SPAN_ID. */
const HOW_ROOT: i32 = 1;
const HOW_GIVEN_ID: i32 = 2;
const HOW_GIVEN_PARENT: i32 = 4;

/** A table is full: copy the batch out, reset(), and record again. */
const E_FULL: i32 = -1;
/** The page context or a span id is not lowercase hex, or is all zero. */
const E_BAD_ID: i32 = -2;
/** A time is NaN or infinite, or a time origin is not within 1970 to 2106. */
const E_BAD_TIME: i32 = -3;
/** No page context has been set. */
const E_NO_PAGE: i32 = -4;
/** An argument is out of range (a kind, a status, a URL longer than URL_BYTES). */
const E_RANGE: i32 = -6;

const LAYOUT = memory.data(36);
const COUNTS = memory.data(16);
const PAGE = memory.data(48);
const SPAN_ID = memory.data(32);
const PARENT_ID = SPAN_ID + 16;
const STAGE = memory.data(<i32>(MAX_ATTRIBUTES * ATTR_RECORD + MAX_EVENTS * EVENT_RECORD), 16);
const STAGE_EVENTS = STAGE + <usize>(MAX_ATTRIBUTES * ATTR_RECORD);
const URL_IN = memory.data(<i32>URL_BYTES);
const URL_OUT = memory.data(<i32>(URL_BYTES * 4));
const SPANS = memory.data(<i32>(SPAN_RECORD * SPAN_CAPACITY), 16);
const ATTRS = memory.data(<i32>(ATTR_RECORD * ATTR_CAPACITY), 16);
const EVENTS = memory.data(<i32>(EVENT_RECORD * EVENT_CAPACITY), 16);

let rng: u64 = 0;
let originNs: i64 = 0;
let hasPage = false;
let traceRandom: u64 = 0;
let rootId: u64 = 0;
let pageSampled = true;

// Settings (configure()).
let sampleThreshold: u64 = 1 << 52;
let slowNs: i64 = 0;
let keepSlow = false;
let attributeLimit: u32 = MAX_ATTRIBUTES;
let valueLengthLimit: u32 = 16384;

// The batch being written.
let spans: u32 = 0;
let attrs: u32 = 0;
let events: u32 = 0;

// Spans sampling left out since init(), for the host to report.
let sampledOut: u32 = 0;

/** Seeds the id generator; the host passes 64 bits from crypto.getRandomValues. */
export function init(seedHi: u32, seedLo: u32): void {
  rng = (<u64>seedHi << 32) | <u64>seedLo;
  hasPage = false;
  sampledOut = 0;
  reset();
}

/**
 * Sampling and limits. `ratio` (0..1) of page views are kept, by their trace id's random bits
 * (the low 56 bits, of which the top 52 are compared, so the page side can decide the same with
 * a double); in the others only the root span, errors, and spans of at least `slowMs` (when
 * > 0) are kept. Attributes past `maxAttributes` per span are dropped and counted; string values
 * longer than `maxValueLength` are cut. Returns 0 or E_RANGE.
 */
export function configure(ratio: f64, slowMs: f64, maxAttributes: u32, maxValueLength: u32): i32 {
  if (!(ratio >= 0 && ratio <= 1) || !(slowMs >= 0) || !isFinite(slowMs)) return E_RANGE;
  if (maxAttributes > MAX_ATTRIBUTES) return E_RANGE;
  sampleThreshold = <u64>Math.floor(ratio * <f64>(<u64>1 << 52));
  keepSlow = slowMs > 0;
  slowNs = <i64>Math.round(slowMs * 1e6);
  attributeLimit = maxAttributes;
  valueLengthLimit = maxValueLength;
  return 0;
}

/**
 * Address of LAYOUT: nine u32, the addresses of PAGE, SPAN_ID, URL_IN, URL_OUT, SPANS, ATTRS,
 * EVENTS, URL_BYTES, and STAGE.
 */
export function layout(): usize {
  store<u32>(LAYOUT, <u32>STAGE, 32);
  store<u32>(LAYOUT, <u32>PAGE);
  store<u32>(LAYOUT, <u32>SPAN_ID, 4);
  store<u32>(LAYOUT, <u32>URL_IN, 8);
  store<u32>(LAYOUT, <u32>URL_OUT, 12);
  store<u32>(LAYOUT, <u32>SPANS, 16);
  store<u32>(LAYOUT, <u32>ATTRS, 20);
  store<u32>(LAYOUT, <u32>EVENTS, 24);
  store<u32>(LAYOUT, URL_BYTES, 28);
  return LAYOUT;
}

/**
 * Address of COUNTS, filled now: four u32, the spans, attributes and events in the tables since
 * the last reset(), then the spans left out by sampling since init(). Attributes dropped over
 * the limit are counted on each span.
 */
export function counts(): usize {
  store<u32>(COUNTS, spans);
  store<u32>(COUNTS, attrs, 4);
  store<u32>(COUNTS, events, 8);
  store<u32>(COUNTS, sampledOut, 12);
  return COUNTS;
}

/** Empties the tables once the host has copied them. */
export function reset(): void {
  spans = 0;
  attrs = 0;
  events = 0;
}

/**
 * Adopts the page context in PAGE and the page's time origin (Unix ms, performance.timeOrigin)
 * for the spans that follow. Returns 1 when the page view is sampled, 0 when not, or E_BAD_ID,
 * E_BAD_TIME.
 */
export function setPage(timeOriginMs: f64): i32 {
  hasPage = false;
  if (!(timeOriginMs >= 0 && timeOriginMs < MS_LIMIT)) return E_BAD_TIME;
  if (!isHexId(PAGE, 32) || !isHexId(PAGE + 32, 16)) return E_BAD_ID;
  // Split the origin so its sub-millisecond part keeps nanosecond precision in f64.
  const whole = Math.floor(timeOriginMs);
  originNs = <i64>whole * 1_000_000 + <i64>Math.round((timeOriginMs - whole) * 1e6);
  traceRandom = (readHex(PAGE + 16) & 0x00ff_ffff_ffff_ffff) >> 4;
  rootId = readHex(PAGE + 32);
  pageSampled = traceRandom < sampleThreshold;
  hasPage = true;
  return pageSampled ? 1 : 0;
}

/**
 * Records one finished span of the current page view from the STAGE area: `attrs` attribute
 * records at STAGE (the ATTRS layout, as given) and `events` event records after them at
 * STAGE + MAX_ATTRIBUTES × 16. The host stages at most MAX_ATTRIBUTES and MAX_EVENTS and passes
 * how many it was given in `attrsGiven` and `eventsGiven`; what is over the limits is counted on
 * the span as dropped. `name` and `message` are string indexes (message NONE for none), `kind`
 * an OTel SpanKind, `status` an OTel status code. `how` is HOW_ROOT for the page view's root span
 * (the root id, no parent), or 0 (a fresh id under the root) with HOW_GIVEN_ID for the span id in
 * SPAN_ID (chosen by the page side, e.g. for traceparent) and HOW_GIVEN_PARENT for the parent in
 * PARENT_ID (an interaction the page side named; the root where the page view is not sampled, as
 * the parent would not be kept). Times are page-relative ms, held within what the tables hold
 * (an event's time that is NaN is the time origin); an end before the start becomes the start.
 * Returns 1 when the span is kept, 0 when sampling left it out, or E_FULL (copy the
 * tables out, reset(), call again), E_NO_PAGE, E_BAD_ID, E_BAD_TIME, E_RANGE.
 */
export function record(
  name: u32,
  kind: i32,
  how: i32,
  startMs: f64,
  endMs: f64,
  status: i32,
  message: u32,
  attrsGiven: u32,
  eventsGiven: u32,
): i32 {
  if (!hasPage) return E_NO_PAGE;
  if (<u32>kind > 4 || <u32>status > 2 || <u32>how > 6 || ((how & HOW_ROOT) != 0 && how != HOW_ROOT)) return E_RANGE;
  if (!isFinite(startMs) || !isFinite(endMs)) return E_BAD_TIME;
  if ((how & HOW_GIVEN_ID) != 0 && !isHexId(SPAN_ID, 16)) return E_BAD_ID;
  if ((how & HOW_GIVEN_PARENT) != 0 && !isHexId(PARENT_ID, 16)) return E_BAD_ID;
  const start = toUnixNs(startMs);
  let end = toUnixNs(endMs);
  if (end < start) end = start;
  const root = how == HOW_ROOT;
  if (!pageSampled && !root && status != STATUS_ERROR && !(keepSlow && end - start >= slowNs)) {
    sampledOut++;
    return 0;
  }
  const staged = min(attrsGiven, MAX_ATTRIBUTES);
  const keptAttrs = min(staged, attributeLimit);
  const keptEvents = min(eventsGiven, MAX_EVENTS);
  if (spans >= SPAN_CAPACITY || attrs + keptAttrs > ATTR_CAPACITY || events + keptEvents > EVENT_CAPACITY) return E_FULL;

  const at = SPANS + <usize>(spans * SPAN_RECORD);
  if (root) {
    store<u64>(at, rootId);
    store<u64>(at, 0, 8);
  } else {
    store<u64>(at, (how & HOW_GIVEN_ID) != 0 ? readHex(SPAN_ID) : nextId());
    store<u64>(at, (how & HOW_GIVEN_PARENT) != 0 && pageSampled ? readHex(PARENT_ID) : rootId, 8);
  }
  writeTime(at + 16, start);
  writeTime(at + 24, end);
  store<u32>(at, name, 32);
  store<u32>(at, message, 36);
  store<u32>(at, attrs, 40);
  store<u16>(at, <u16>keptAttrs, 44);
  store<u16>(at, <u16>min(attrsGiven - keptAttrs, 0xffff), 46);
  store<u32>(at, events, 48);
  store<u16>(at, <u16>keptEvents, 52);
  store<u16>(at, <u16>min(eventsGiven - keptEvents, 0xffff), 54);
  store<u64>(at, <u64>kind | (<u64>status << 8) | (<u64>((root ? FLAG_ROOT : 0) | (pageSampled ? FLAG_SAMPLED : 0)) << 16), 56);

  // Attributes: copied as staged, string lengths cut to the limit.
  let to = ATTRS + <usize>(attrs * ATTR_RECORD);
  memory.copy(to, STAGE, <usize>(keptAttrs * ATTR_RECORD));
  for (let i: u32 = 0; i < keptAttrs; i++, to += ATTR_RECORD) {
    if (load<u8>(to, 4) == ATTR_STRING && load<u32>(to, 12) > valueLengthLimit) store<u32>(to, valueLengthLimit, 12);
  }
  attrs += keptAttrs;
  // Events: their page-relative times become Unix times.
  let from = STAGE_EVENTS;
  to = EVENTS + <usize>(events * EVENT_RECORD);
  for (let i: u32 = 0; i < keptEvents; i++, from += EVENT_RECORD, to += EVENT_RECORD) {
    store<u32>(to, load<u32>(from));
    store<u32>(to, 0, 4);
    writeTime(to + 8, toUnixNs(load<f64>(from, 8)));
  }
  events += keptEvents;
  spans++;
  return 1;
}

/**
 * Redacts the `length`-byte UTF-8 URL in URL_IN into URL_OUT (see redact-url.ts): userinfo is
 * removed, and the values of query parameters (and of `name=value` pairs in the fragment, as
 * OAuth's `#access_token=`) whose percent-decoded name contains a secret-looking word become
 * REDACTED. Returns the output length, -1 when nothing changed (URL_OUT then holds nothing of
 * use), or E_RANGE.
 */
export function redact(length: u32): i32 {
  if (length > URL_BYTES) return E_RANGE;
  return redactUrl(URL_IN, length, URL_OUT);
}

// ---- ids and times ----

function toUnixNs(ms: f64): i64 {
  // Held under MS_LIMIT first so the sum cannot wrap (originNs >= 0, and the conversion
  // saturates, NaN giving 0); then within the tables' range.
  const ns = originNs + <i64>Math.round(min(ms, MS_LIMIT) * 1e6);
  return ns < 0 ? 0 : min(ns, MAX_NS);
}

function writeTime(at: usize, ns: i64): void {
  store<u32>(at, <u32>(ns / 1_000_000_000));
  store<u32>(at + 4, <u32>(ns % 1_000_000_000));
}

/** splitmix64: a bijection of its counter, so ids never repeat within 2^64 draws. */
function nextRandom(): u64 {
  rng += 0x9e3779b97f4a7c15;
  let z = rng;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** A span id: never zero (W3C trace-context forbids an all-zero id). */
function nextId(): u64 {
  let id = nextRandom();
  while (id == 0) id = nextRandom();
  return id;
}
