// Spanlight tracer core: turns captured page events into spans.
//
// The host (src/tracer/core.ts) feeds it the timing of each event; the core owns the ids, the
// nanosecond times and the parent links, and writes each finished span into a table in linear
// memory that the host reads in bulk. Names and attributes stay with the host.
//
// Build: `npm run build:wasm` (asc src/tracer/assembly/core.ts --target release, see asconfig.json).
//
// Memory layout (byte offsets; all numbers little-endian):
//   PAGE    48 B  page context, written by the host before setPage():
//                 [0, 32)  trace id of the page view, lowercase hex
//                 [32, 48) span id of the page view's root span, lowercase hex
//   STAMP    8 B  [sec u32, nsec u32], written by stamp()
//   SPAN_ID 16 B  a span id (lowercase hex) the host writes before recordWithId()
//   TABLE  CAPACITY × RECORD bytes: one finished span per record
//     [0, 32)   trace id, lowercase hex
//     [32, 48)  span id, lowercase hex
//     [48, 64)  parent span id, lowercase hex; 16 zero bytes for a root span
//     [64, 68)  start, Unix seconds u32     [68, 72) start, nanoseconds u32
//     [72, 76)  end, Unix seconds u32       [76, 80) end, nanoseconds u32

/** Bytes per span record in the table. */
const RECORD: u32 = 80;
/** Span records the table holds before the host must drain it. */
const CAPACITY: u32 = 1024;

/** The table is full: drain it with reset() and call again. */
const E_FULL: i32 = -1;
/** The page context is not two lowercase hex ids, or an id is all zero. */
const E_BAD_ID: i32 = -2;
/** A time is NaN or infinite. */
const E_BAD_TIME: i32 = -3;
/** No page context has been set. */
const E_NO_PAGE: i32 = -4;

const PAGE = memory.data(48);
const STAMP = memory.data(8);
const SPAN_ID = memory.data(16);
const TABLE = memory.data(<i32>(RECORD * CAPACITY), 16);

const PAGE_TRACE_HEX: u32 = 32;
const SPAN_HEX: u32 = 16;

let rng: u64 = 0;
let originNs: i64 = 0;
let hasPage = false;
let used: u32 = 0;

/** Seeds the id generator; the host passes 64 bits from crypto.getRandomValues. */
export function init(seedHi: u32, seedLo: u32): void {
  rng = (<u64>seedHi << 32) | <u64>seedLo;
  used = 0;
  hasPage = false;
}

/** Address of the page context input (48 bytes of hex, see the layout). */
export function pagePtr(): usize {
  return PAGE;
}

/** Address of the span table. */
export function tablePtr(): usize {
  return TABLE;
}

/** Address of the [sec, nsec] pair written by stamp(). */
export function stampPtr(): usize {
  return STAMP;
}

/** Address of the span id input of recordWithId(). */
export function spanIdPtr(): usize {
  return SPAN_ID;
}

/** Bytes per record. */
export function recordSize(): u32 {
  return RECORD;
}

/** Records the table holds. */
export function capacity(): u32 {
  return CAPACITY;
}

/** Spans written since the last reset(). */
export function count(): u32 {
  return used;
}

/** Empties the table once the host has read it. */
export function reset(): void {
  used = 0;
}

/**
 * Adopts the page context in PAGE and the page's time origin (Unix ms, performance.timeOrigin)
 * for the spans that follow. Returns 0, E_BAD_ID or E_BAD_TIME.
 */
export function setPage(timeOriginMs: f64): i32 {
  if (!isFinite(timeOriginMs) || timeOriginMs < 0) return E_BAD_TIME;
  if (!isHexId(PAGE, PAGE_TRACE_HEX) || !isHexId(PAGE + PAGE_TRACE_HEX, SPAN_HEX)) {
    hasPage = false;
    return E_BAD_ID;
  }
  // Split the origin so its sub-millisecond part keeps nanosecond precision in f64.
  const whole = Math.floor(timeOriginMs);
  originNs = <i64>whole * 1_000_000 + <i64>Math.round((timeOriginMs - whole) * 1e6);
  hasPage = true;
  return 0;
}

/**
 * Writes a finished span of the current page to the table. `root` 1 gives it the page view's
 * root span id and no parent; 0 gives it a fresh span id under the root. Times are page-relative
 * milliseconds (DOMHighResTimeStamp); an end before the start is clamped to the start.
 * Returns the record's index, or E_FULL, E_BAD_TIME, E_NO_PAGE.
 */
export function record(root: i32, startMs: f64, endMs: f64): i32 {
  if (!hasPage) return E_NO_PAGE;
  if (used >= CAPACITY) return E_FULL;
  if (!isFinite(startMs) || !isFinite(endMs)) return E_BAD_TIME;
  const at = TABLE + <usize>(used * RECORD);
  memory.copy(at, PAGE, PAGE_TRACE_HEX);
  if (root) {
    memory.copy(at + 32, PAGE + PAGE_TRACE_HEX, SPAN_HEX);
    memory.fill(at + 48, 0, SPAN_HEX);
  } else {
    writeHex(at + 32, nextId());
    memory.copy(at + 48, PAGE + PAGE_TRACE_HEX, SPAN_HEX);
  }
  const start = toUnixNs(startMs);
  let end = toUnixNs(endMs);
  if (end < start) end = start;
  writeTime(at + 64, start);
  writeTime(at + 72, end);
  const index = used;
  used = index + 1;
  return <i32>index;
}

/**
 * Like record(root = 0), but the span takes the id in SPAN_ID: the page side chose it, to send
 * it in `traceparent` before the request left. Returns the index, or E_BAD_ID and the others.
 */
export function recordWithId(startMs: f64, endMs: f64): i32 {
  if (!isHexId(SPAN_ID, SPAN_HEX)) return E_BAD_ID;
  const index = record(0, startMs, endMs);
  if (index >= 0) memory.copy(TABLE + <usize>(<u32>index * RECORD) + 32, SPAN_ID, SPAN_HEX);
  return index;
}

/** Writes the Unix time of a page-relative millisecond value to STAMP; 0 or E_BAD_TIME. */
export function stamp(ms: f64): i32 {
  if (!hasPage) return E_NO_PAGE;
  if (!isFinite(ms)) return E_BAD_TIME;
  writeTime(STAMP, toUnixNs(ms));
  return 0;
}

function toUnixNs(ms: f64): i64 {
  const ns = originNs + <i64>Math.round(ms * 1e6);
  return ns < 0 ? 0 : ns;
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

function writeHex(at: usize, value: u64): void {
  for (let i: u32 = 0; i < 16; i++) {
    const nibble = <u32>((value >> (<u64>(60 - i * 4))) & 0xf);
    store<u8>(at + i, <u8>(nibble < 10 ? 48 + nibble : 87 + nibble));
  }
}

/** True when `len` bytes at `at` are lowercase hex and not all '0'. */
function isHexId(at: usize, len: u32): bool {
  let nonZero = false;
  for (let i: u32 = 0; i < len; i++) {
    const c = load<u8>(at + i);
    const digit = c >= 48 && c <= 57;
    const letter = c >= 97 && c <= 102;
    if (!digit && !letter) return false;
    if (c != 48) nonZero = true;
  }
  return nonZero;
}
