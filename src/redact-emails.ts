/**
 * The email rule as a scanner, linear in its input. It finds exactly what the regular expression
 * `/[\w.%+-]+(?:@|%40)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi` finds (test/redact.test.ts compares
 * the two on random strings), but that expression backtracks over every split of a long run of
 * word characters: 16,000 of them and an `@` took seconds, and a page chooses its error messages.
 *
 * How the expression matches, which the scanner follows: the local part is a run of local
 * characters; the separator is the `@` right after the run, or else a `%40` inside it (the last one
 * first); the domain is dot-separated labels, the last one read up to its letters, at least two,
 * and the furthest such label wins. If a run's first character starts no match, no later one in
 * the run does (it has the same separators, or fewer), so each run is tried once, and each domain
 * is read once: it ends at the next `%`, so the domains read for one run do not overlap.
 */

/** Counts the characters a scan reads; tests hold it to a multiple of the input's length. */
export interface ScanMeter {
  steps: number;
}

/** `text` with every email (`ann@example.com`, `ann%40example.com`) replaced by `replacement`. */
export function redactEmails(text: string, replacement: string, meter?: ScanMeter): string {
  const n = text.length;
  let out = '';
  let copied = 0;
  let steps = 0;
  let i = 0;
  while (i < n) {
    steps++;
    if (!isLocal(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let runEnd = i + 1;
    while (runEnd < n && isLocal(text.charCodeAt(runEnd))) runEnd++;
    steps += runEnd - i;
    let end = -1;
    if (runEnd < n && text.charCodeAt(runEnd) === AT) {
      end = domainEnd(text, runEnd + 1);
      steps += domainSteps;
    }
    for (let q = runEnd - 3; end < 0 && q > i; q--) {
      steps++;
      if (text.charCodeAt(q) === PERCENT && text.charCodeAt(q + 1) === FOUR && text.charCodeAt(q + 2) === ZERO) {
        end = domainEnd(text, q + 3);
        steps += domainSteps;
      }
    }
    if (end < 0) {
      i = runEnd;
      continue;
    }
    out += text.slice(copied, i) + replacement;
    copied = end;
    // A match through a `%40` ends inside the run; what is left of the run holds only separators
    // already tried and refused, so the scan goes on after the run.
    i = Math.max(end, runEnd);
  }
  if (meter) meter.steps += steps;
  return copied ? out + text.slice(copied) : text;
}

const AT = 0x40;
const PERCENT = 0x25;
const FOUR = 0x34;
const ZERO = 0x30;
const DOT = 0x2e;

/** Characters read by the last domainEnd. */
let domainSteps = 0;

/** Where a domain starting at `from` ends (after its last letters-only label), or -1. */
function domainEnd(text: string, from: number): number {
  let at = from;
  let end = -1;
  for (let label = 1; ; label++) {
    const start = at;
    while (at < text.length && isLabel(text.charCodeAt(at))) at++;
    if (at === start) break;
    if (label >= 2) {
      let letters = start;
      while (letters < at && isLetter(text.charCodeAt(letters))) letters++;
      if (letters - start >= 2) end = letters;
    }
    if (text.charCodeAt(at) !== DOT) break;
    at++;
  }
  // Each label's characters are read twice: once as a label, once for its letters.
  domainSteps = 2 * (at - from) + 1;
  return end;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** `[a-z\d-]` under the i flag. */
function isLabel(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** `[\w.%+-]`. */
function isLocal(c: number): boolean {
  return isLabel(c) || c === 0x5f || c === DOT || c === PERCENT || c === 0x2b;
}
