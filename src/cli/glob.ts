/**
 * Wildcard matching for budgets (`span:GET /api/*`, `urls` globs) and for URLs the tracer
 * redacted. A pattern is literal text with `*` standing for any run of characters, `/` included;
 * it matches the whole text, case-sensitively.
 *
 * No RegExp is built: the texts are page data (span names, URLs), and the project keeps matching
 * of page data linear (see src/redact-emails.ts). With the pattern cut at its stars into literal
 * parts, the first part must begin the text and the last must end it; each part between must
 * occur, in order, between them, and taking the leftmost occurrence of each is never worse than a
 * later one (it leaves more text for the parts after it), so nothing is tried twice. Each part is
 * found with Knuth–Morris–Pratt, whose scan never steps back, and the next search starts where
 * the previous match ended: O(text + pattern) time in all, whatever the stars, where a
 * backtracking matcher takes O(text × pattern) on `*a*a*a*a*b` against a long run of `a`.
 */

/** Whether `pattern`, with `*` matching any run of characters, matches all of `text`. */
export function matchGlob(pattern: string, text: string): boolean {
  return matchParts(pattern.split('*'), text);
}

/**
 * Whether `text` is `parts` joined by runs of any characters: `parts[0]` at the start, the last
 * at the end (a single part must be all of it).
 */
export function matchParts(parts: readonly string[], text: string): boolean {
  const first = parts[0]!;
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  const to = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (!part) continue;
    const at = find(text, part, from, to);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** The first index ≥ `from` where `part` occurs in `text` and ends by `to`, or -1 (Knuth–Morris–Pratt). */
function find(text: string, part: string, from: number, to: number): number {
  const fail = failureTable(part);
  let matched = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    while (matched > 0 && part.charCodeAt(matched) !== c) matched = fail[matched - 1]!;
    if (part.charCodeAt(matched) === c) matched++;
    if (matched === part.length) return i + 1 - part.length;
  }
  return -1;
}

/** For each prefix of `part`, the length of its longest proper prefix that is also its suffix. */
function failureTable(part: string): Uint32Array {
  const fail = new Uint32Array(part.length);
  let k = 0;
  for (let i = 1; i < part.length; i++) {
    const c = part.charCodeAt(i);
    while (k > 0 && part.charCodeAt(k) !== c) k = fail[k - 1]!;
    if (part.charCodeAt(k) === c) k++;
    fail[i] = k;
  }
  return fail;
}
