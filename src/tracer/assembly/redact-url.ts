// Spanlight URL redactor, part of the tracer core (src/tracer/assembly/core.ts, whose redact()
// calls it on its URL_IN and URL_OUT areas). It works on UTF-8 bytes in linear memory and keeps
// no state between calls.
//
// Build: with the core, `npm run build:wasm`.
//
// What it removes: the userinfo of a "scheme://" URL, and the values of query parameters (and of
// `name=value` pairs in the fragment, as OAuth's `#access_token=`) whose percent-decoded name
// contains a secret-looking word (SECRET_WORDS), which become REDACTED. Everything else is
// copied as it is. The output is at most 2.6 × the input ("key=&" becomes "key=REDACTED&").

import { hexValue, isHexDigit } from './hex';

/**
 * Redacts the `length`-byte UTF-8 URL at `input` into `output`, which must hold 4 × `length`
 * bytes. Returns the output length, or -1 when nothing changed (what `output` holds is then of
 * no use).
 */
export function redactUrl(input: usize, length: u32, output: usize): i32 {
  const end = input + <usize>length;
  let out = output;
  let changed = false;
  let i = input;
  // Userinfo: between "scheme://" and the last '@' of the authority.
  const authority = schemeEnd(input, end);
  if (authority != 0) {
    let authorityEnd = authority;
    let at: usize = 0;
    while (authorityEnd < end) {
      const c = load<u8>(authorityEnd);
      if (c == 0x2f || c == 0x3f || c == 0x23) break; // / ? #
      if (c == 0x40) at = authorityEnd; // @
      authorityEnd++;
    }
    if (at != 0) {
      out = copy(out, input, authority - input);
      i = at + 1;
      changed = true;
    }
  }
  // Up to the query or fragment.
  let stop = i;
  while (stop < end && load<u8>(stop) != 0x3f && load<u8>(stop) != 0x23) stop++;
  out = copy(out, i, stop - i);
  i = stop;
  if (i < end && load<u8>(i) == 0x3f) {
    let queryEnd = i + 1;
    while (queryEnd < end && load<u8>(queryEnd) != 0x23) queryEnd++;
    store<u8>(out++, 0x3f);
    out = redactPairs(out, i + 1, queryEnd);
    if (redactedPairs) changed = true;
    i = queryEnd;
  }
  if (i < end) {
    // The fragment: pairs only when it has a '='.
    store<u8>(out++, 0x23);
    let hasPair = false;
    for (let j = i + 1; j < end && !hasPair; j++) hasPair = load<u8>(j) == 0x3d;
    if (hasPair) {
      out = redactPairs(out, i + 1, end);
      if (redactedPairs) changed = true;
    } else {
      out = copy(out, i + 1, end - i - 1);
    }
  }
  return changed ? <i32>(out - output) : -1;
}

let redactedPairs = false;

/** Copies `&`-separated pairs [from, to) to `out`, redacting secret ones; returns the new out. */
function redactPairs(out: usize, from: usize, to: usize): usize {
  redactedPairs = false;
  let start = from;
  while (start <= to) {
    let stop = start;
    while (stop < to && load<u8>(stop) != 0x26) stop++;
    let eq = start;
    while (eq < stop && load<u8>(eq) != 0x3d) eq++;
    if (eq < stop && isSecretName(start, eq, out)) {
      out = copy(out, start, eq + 1 - start);
      out = copy(out, changetype<usize>(REDACTED_BYTES), 8);
      redactedPairs = true;
    } else {
      out = copy(out, start, stop - start);
    }
    if (stop < to) store<u8>(out++, 0x26);
    start = stop + 1;
  }
  return out;
}

// "REDACTED" as bytes.
const REDACTED_BYTES = memory.data<u8>([0x52, 0x45, 0x44, 0x41, 0x43, 0x54, 0x45, 0x44]);

/**
 * Words that make a parameter name secret, matched case-insensitively anywhere in the name:
 * token key secret passw auth session code sig credential, each ended by a zero byte.
 */
const SECRET_WORDS = memory.data<u8>([
  116, 111, 107, 101, 110, 0, 107, 101, 121, 0, 115, 101, 99, 114, 101, 116, 0, 112, 97, 115, 115, 119, 0,
  97, 117, 116, 104, 0, 115, 101, 115, 115, 105, 111, 110, 0, 99, 111, 100, 101, 0, 115, 105, 103, 0,
  99, 114, 101, 100, 101, 110, 116, 105, 97, 108, 0,
]);
const SECRET_WORDS_BYTES: u32 = 56;

/**
 * True when the name in [from, to), percent-decoded and lowercased, contains a secret word
 * ('+', a space in form encoding, is left as it is: no word has a space). The name is checked
 * whole, however long, decoded into `name`: the output not yet written, where the name is copied
 * next (the output grows by at most 1.6 × what was read before the name, so a name, never longer
 * than the rest of the input, fits in the 4 × input it holds).
 */
function isSecretName(from: usize, to: usize, name: usize): bool {
  let n: u32 = 0;
  let i = from;
  while (i < to) {
    let c = load<u8>(i);
    if (c == 0x25 && i + 2 < to && isHexDigit(load<u8>(i + 1)) && isHexDigit(load<u8>(i + 2))) {
      c = <u8>((hexValue(load<u8>(i + 1)) << 4) | hexValue(load<u8>(i + 2)));
      i += 3;
    } else {
      i++;
    }
    if (c >= 0x41 && c <= 0x5a) c += 32;
    store<u8>(name + n, c);
    n++;
  }
  let word = SECRET_WORDS;
  const end = SECRET_WORDS + SECRET_WORDS_BYTES;
  while (word < end) {
    let length: u32 = 0;
    while (load<u8>(word + length) != 0) length++;
    if (contains(name, n, word, length)) return true;
    word += length + 1;
  }
  return false;
}

/** True when the `w` bytes at `word` occur in the `length` bytes at `at`. */
function contains(at: usize, length: u32, word: usize, w: u32): bool {
  for (let s: u32 = 0; s + w <= length; s++) {
    let match = true;
    for (let k: u32 = 0; k < w && match; k++) match = load<u8>(at + s + k) == load<u8>(word + k);
    if (match) return true;
  }
  return false;
}

/** The byte after "scheme://", or 0 when the URL does not start with a scheme and "//". */
function schemeEnd(from: usize, to: usize): usize {
  let i = from;
  while (i < to) {
    const c = load<u8>(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    const other = (c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x2e;
    if (letter || (i > from && other)) {
      i++;
      continue;
    }
    break;
  }
  if (i == from || i + 3 > to) return 0;
  if (load<u8>(i) != 0x3a || load<u8>(i + 1) != 0x2f || load<u8>(i + 2) != 0x2f) return 0;
  return i + 3;
}

function copy(out: usize, from: usize, length: usize): usize {
  memory.copy(out, from, length);
  return out + length;
}
