/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as lowercase hex: what OTTL's SHA256 converter
 * gives. Synchronous, as the rules run inside ingest (WebCrypto's digest is async), and small.
 *
 * Written for V8's fast path: the state in local int32 variables, the message schedule and the
 * UTF-8 bytes in buffers allocated once, UTF-8 encoded by hand into that buffer (TextEncoder's
 * call costs more than the encoding of a short string), hex by a table of byte pairs. A hash of a
 * short string allocates only its result.
 */

// Int32: Uint32 elements above 2^31 would be read as doubles, off the fast path.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
/** The message schedule, reused by every block. */
const W = new Int32Array(64);
/** The digest, read out to hex. */
const H = new Int32Array(8);
/** The byte pairs' hex, "00" to "ff". */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The message's UTF-8 bytes and padding; grown for a longer string, never shrunk. */
let bytes = new Uint8Array(1024);

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  const length = utf8Into(text);
  // The message, a 1 bit, zeros, and the length in bits as 64 bits: a whole number of 64-byte blocks.
  const end = ((length + 9 + 63) >>> 6) << 6;
  const b = bytes;
  b[length] = 0x80;
  b.fill(0, length + 1, end - 8);
  const high = Math.floor(length / 0x20000000);
  const low = (length << 3) >>> 0;
  b[end - 8] = high >>> 24;
  b[end - 7] = high >>> 16;
  b[end - 6] = high >>> 8;
  b[end - 5] = high;
  b[end - 4] = low >>> 24;
  b[end - 3] = low >>> 16;
  b[end - 2] = low >>> 8;
  b[end - 1] = low;
  let h0 = 0x6a09e667 | 0, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372 | 0, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f | 0, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab | 0, h7 = 0x5be0cd19 | 0;
  const w = W;
  for (let block = 0; block < end; block += 64) {
    for (let i = 0, j = block; i < 16; i++, j += 4) w[i] = (b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0, c1 = h1, c2 = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c2;
      c2 = c1;
      c1 = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + c1) | 0;
    h2 = (h2 + c2) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  H[0] = h0;
  H[1] = h1;
  H[2] = h2;
  H[3] = h3;
  H[4] = h4;
  H[5] = h5;
  H[6] = h6;
  H[7] = h7;
  let out = '';
  for (let i = 0; i < 8; i++) {
    const v = H[i]!;
    out += HEX[(v >>> 24) & 255]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!;
  }
  return out;
}

/**
 * Writes the UTF-8 bytes of `text` at the start of `bytes` (grown first if it could be short: a
 * UTF-16 unit is at most 3 bytes, and the padding at most 72); their count. A lone surrogate
 * becomes U+FFFD, as TextEncoder and Go's conversion of invalid UTF-16 make it.
 */
function utf8Into(text: string): number {
  const n = text.length;
  if (n * 3 + 72 > bytes.length) bytes = new Uint8Array(n * 3 + 72);
  const b = bytes;
  let at = 0;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      b[at++] = c;
      continue;
    }
    if (c < 0x800) {
      b[at++] = 0xc0 | (c >> 6);
      b[at++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        b[at++] = 0xf0 | (c >> 18);
        b[at++] = 0x80 | ((c >> 12) & 63);
        b[at++] = 0x80 | ((c >> 6) & 63);
        b[at++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd;
    }
    b[at++] = 0xe0 | (c >> 12);
    b[at++] = 0x80 | ((c >> 6) & 63);
    b[at++] = 0x80 | (c & 63);
  }
  return at;
}
