/**
 * The absolute URL of a request, without the platform's URL parser where the answer is plain: a
 * string that is already an http(s) URL in the form the parser writes (or a path from the root,
 * against an http(s) base), with nothing the parser would change. Parsing costs ~6 µs a call in
 * Chromium, more than all the rest of a fetch() wrapper; this reads the string once, character
 * by character, with no method a page could have replaced. Anything it is not sure of (another
 * scheme, upper case, a port written out, dot segments, characters the parser encodes, an IPv4
 * address in short form, an internationalized name) it leaves to the parser: undefined.
 * test/serialized-url.test.ts holds it to the parser's answer on generated URLs.
 *
 * No index past either end of a string is read: `s[s.length]` is looked up on String.prototype
 * and Object.prototype, where a page may have put a getter.
 */
import { apply } from './platform';

const { slice } = String.prototype;

/** Characters kept as they are in the path, query and fragment of an http(s) URL. */
const isPlain = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '.' || c === '_' || c === '~' || c === '/' || c === '?' || c === '#' ||
  c === '%' || c === '!' || c === '$' || c === '&' || c === '(' || c === ')' || c === '*' || c === '+' || c === ',' || c === ';' || c === '=' || c === ':' || c === '@';

/** Whether `url` from `from` on (a path, query and fragment) reads as the parser writes it. */
function plainRest(url: string, from: number): boolean {
  for (let i = from; i < url.length; i++) {
    const c = url[i]!;
    if (!isPlain(c)) return false;
    // A dot segment, or a dot the parser may decode ('%2e'): left to the parser.
    if (c === '.' && i > 0 && url[i - 1] === '/') return false;
    if (c === '%' && i + 2 < url.length && url[i + 1] === '2' && (url[i + 2] === 'e' || url[i + 2] === 'E')) return false;
  }
  return true;
}

/** Whether a decimal part of an IPv4 address is written as the parser writes it (0 to 255, no leading zero). */
function plainByte(part: string): boolean {
  if (part.length === 0 || part.length > 3 || (part.length > 1 && part[0] === '0')) return false;
  for (let i = 0; i < part.length; i++) if (part[i]! < '0' || part[i]! > '9') return false;
  return part.length < 3 || part < '256';
}

/**
 * The end of a plain host and port of `url` from `from` (lower-case letters, digits, dots and
 * hyphens; a port other than the scheme's own), or -1.
 */
function plainAuthority(url: string, from: number, defaultPort: string): number {
  let i = from;
  /** Where the last non-empty label starts. */
  let lastLabel = from;
  for (; i < url.length; i++) {
    const c = url[i]!;
    if (c === '/' || c === '?' || c === '#' || c === ':') break;
    if (c === '.') {
      if (i === from || url[i - 1] === '.') return -1; // an empty label
      if (i + 1 < url.length && url[i + 1] !== '/' && url[i + 1] !== '?' && url[i + 1] !== '#' && url[i + 1] !== ':') lastLabel = i + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-')) return -1;
  }
  if (i === from) return -1;
  const host = apply(slice, url, [from, i]) as string;
  // A host ending in a number is an IPv4 address: only the dotted form of four bytes is plain.
  if (url[lastLabel]! >= '0' && url[lastLabel]! <= '9') {
    let count = 0;
    let start = 0;
    for (let k = 0; k <= host.length; k++) {
      if (k < host.length && host[k] !== '.') continue;
      if (!plainByte(apply(slice, host, [start, k]) as string)) return -1;
      count++;
      start = k + 1;
    }
    if (count !== 4) return -1;
  }
  // Punycode ('xn--') is for the parser to check.
  for (let k = 0; k + 3 < host.length; k++) if (host[k] === 'x' && host[k + 1] === 'n' && host[k + 2] === '-' && host[k + 3] === '-') return -1;
  if (i === url.length || url[i] !== ':') return i;
  // A port: digits, no leading zero, at most 65535, not the scheme's default.
  const portStart = i + 1;
  for (i = portStart; i < url.length && url[i]! >= '0' && url[i]! <= '9'; i++);
  const port = apply(slice, url, [portStart, i]) as string;
  if (port.length === 0 || port[0] === '0' || port.length > 5 || (port.length === 5 && port > '65535') || port === defaultPort) return -1;
  return i < url.length && url[i] !== '/' && url[i] !== '?' && url[i] !== '#' ? -1 : i;
}

/** The last base read (`document.baseURI` rarely changes) and its scheme, host and port, or '' when they are not plain. */
let lastBase: string | undefined;
let lastOrigin = '';

/** The scheme, host and port of `base` as the parser writes them, or '' when that is not plain (credentials, upper case, a default port...). */
function plainOrigin(base: string): string {
  if (base === lastBase) return lastOrigin;
  const secure = apply(slice, base, [0, 8]) === 'https://';
  const from = secure ? 8 : apply(slice, base, [0, 7]) === 'http://' ? 7 : 0;
  const end = from ? plainAuthority(base, from, secure ? '443' : '80') : -1;
  lastBase = base;
  lastOrigin = end > 0 && end < base.length && base[end] === '/' ? (apply(slice, base, [0, end]) as string) : '';
  return lastOrigin;
}

/**
 * `url` made absolute against `base` as the URL parser would write it, where that is plain; else
 * undefined. `base` is a valid URL (the document's base URL always is): an absolute `url` is
 * answered without reading it.
 */
export function serializedUrl(url: string, base: string): string | undefined {
  if (url.length > 0 && url[0] === '/' && (url.length === 1 || (url[1] !== '/' && url[1] !== '\\'))) {
    // From the root: the base's scheme, host and port, then this path.
    const origin = plainOrigin(base);
    return origin && plainRest(url, 0) ? origin + url : undefined;
  }
  const secure = apply(slice, url, [0, 8]) === 'https://';
  if (!secure && apply(slice, url, [0, 7]) !== 'http://') return undefined;
  const from = secure ? 8 : 7;
  const end = plainAuthority(url, from, secure ? '443' : '80');
  if (end < 0 || !plainRest(url, end)) return undefined;
  // An empty path is written as '/'.
  return end === url.length || url[end] !== '/' ? `${apply(slice, url, [0, end]) as string}/${apply(slice, url, [end]) as string}` : url;
}
