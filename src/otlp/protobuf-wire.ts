/**
 * The protobuf wire format's encodings, each written into a buffer at a position, returning the
 * position after it: varints, fixed-width numbers, UTF-8 strings, hex ids as bytes, HrTimes as
 * Unix nanoseconds, and a message's length in the byte kept for it. None checks for room: the
 * writer (protobuf-writer.ts) makes room for a whole field first, so that a field's bytes are
 * written with the position in a local variable, not read and stored back a byte at a time.
 */
import type { HrTime } from '../protocol/span';

const TWO_32 = 4294967296;
const utf8 = new TextEncoder();

// Wire-format tags: (field << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
export const LEN = 2;
export const tag = (field: number, wire: number) => (field << 3) | wire;

/** Bytes a string may take at most: 3 per UTF-16 code unit (a lone surrogate is U+FFFD's 3), and its length. */
export const stringRoom = (text: string) => text.length * 3 + 5;

/** Bytes a message's length may need beyond the one byte kept for it. */
export const LENGTH_ROOM = 4;

/** A varint of an integer in the int64 range (negatives as ten-byte two's complement). */
export function putVarint(out: Uint8Array, p: number, value: number): number {
  if (value >= 0 && value < TWO_32) {
    let v = value >>> 0;
    while (v > 0x7f) {
      out[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[p++] = v;
    return p;
  }
  const abs = Math.abs(value);
  let low = abs >>> 0;
  let high = (abs / TWO_32) >>> 0;
  if (value < 0) {
    low = ~low >>> 0;
    high = ~high >>> 0;
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  }
  while (high > 0 || low > 0x7f) {
    out[p++] = (low & 0x7f) | 0x80;
    low = ((low >>> 7) | (high << 25)) >>> 0;
    high >>>= 7;
  }
  out[p++] = low;
  return p;
}

/** A fixed32, little-endian. */
export function putFixed32(out: Uint8Array, p: number, value: number): number {
  out[p] = value;
  out[p + 1] = value >>> 8;
  out[p + 2] = value >>> 16;
  out[p + 3] = value >>> 24;
  return p + 4;
}

/** An HrTime as fixed64 Unix nanoseconds, exact (seconds × 10⁹ is past 2⁵³, so in 32-bit halves). */
export function putTime(out: Uint8Array, p: number, [seconds, nanos]: HrTime): number {
  const lowSeconds = seconds & 0xffff;
  const highSeconds = (seconds / 0x10000) >>> 0;
  const fromLow = lowSeconds * 1e9;
  const fromHigh = highSeconds * 1e9;
  const low = (fromLow >>> 0) + (((fromHigh & 0xffff) * 0x10000) >>> 0) + nanos;
  const high = Math.floor(fromLow / TWO_32) + ((fromHigh / 0x10000) >>> 0) + Math.floor(low / TWO_32);
  return putFixed32(out, putFixed32(out, p, low >>> 0), high >>> 0);
}

/** Each hex digit's value, by character code. */
const NIBBLES = new Uint8Array(128);
for (let i = 0; i < 16; i++) NIBBLES['0123456789abcdef'.charCodeAt(i)] = NIBBLES['0123456789ABCDEF'.charCodeAt(i)] = i;

/** Length-prefixed bytes from a hex id (the store holds only well-formed lower-case ids). */
export function putHex(out: Uint8Array, p: number, hex: string): number {
  out[p++] = hex.length >>> 1;
  for (let i = 0; i < hex.length; i += 2) out[p++] = (NIBBLES[hex.charCodeAt(i)]! << 4) | NIBBLES[hex.charCodeAt(i + 1)]!;
  return p;
}

/** A length-prefixed UTF-8 string; ASCII, the common case, is copied a character per byte. */
export function putString(out: Uint8Array, p: number, text: string): number {
  const at = p;
  p = putVarint(out, p, text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return putBytes(out, at, utf8.encode(text));
    out[p++] = code;
  }
  return p;
}

/** Length-prefixed bytes. */
export function putBytes(out: Uint8Array, p: number, bytes: Uint8Array): number {
  p = putVarint(out, p, bytes.length);
  out.set(bytes, p);
  return p + bytes.length;
}

/**
 * The length of the message that began after the byte kept for it at `at` and ends at `end`;
 * a length past one byte moves the message on by the bytes it needs (LENGTH_ROOM at most).
 */
export function putLength(out: Uint8Array, at: number, end: number): number {
  const length = end - at - 1;
  if (length < 0x80) {
    out[at] = length;
    return end;
  }
  const size = length < 1 << 14 ? 2 : length < 1 << 21 ? 3 : length < 1 << 28 ? 4 : 5;
  out.copyWithin(at + size, at + 1, end);
  putVarint(out, at, length);
  return end + size - 1;
}
