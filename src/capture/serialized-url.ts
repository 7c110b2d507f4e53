/**
 * The absolute URL of a request, without the platform's URL parser where the answer is plain: a
 * string that is already an http(s) URL in the form the parser writes (or a path from the root,
 * against an http(s) base), with nothing the parser would change. Parsing costs ~6 µs a call in
 * Chromium, more than all the rest of a fetch() wrapper. Anything it is not sure of (another
 * scheme, upper case in the scheme or host, a port written out, dot segments, characters the
 * parser encodes, an IPv4 address in another form than four decimal bytes, an internationalized
 * name) it leaves to the parser: undefined. test/serialized-url.test.ts holds it to the parser's answer on
 * generated URLs. Only the platform's RegExp exec, taken at start, runs; each expression is a
 * character class or fixed alternatives, so linear in the string's length.
 */
import { apply } from './platform';

const { exec } = RegExp.prototype;
const matches = (pattern: RegExp, text: string) => apply(exec, pattern, [text]) as RegExpExecArray | null;

/** Scheme, host and port (together, and each), then the path, query and fragment. */
const ABSOLUTE = /^((https?):\/\/([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?)([/?#].*|)$/;
/** A path, query and fragment the parser writes as they are: no dot segment, no dot the parser may decode ('%2e'). */
const PLAIN_REST = /^(?!.*(?:\/\.|%2e))[\w\-.~/?#%!$&()*+,;=:@]*$/i;
/** Hosts for the parser: an empty label, punycode, or one ending in a number (an IPv4 address) ... */
const PARSER_HOST = /^\.|\.\.|xn--|(?:^|\.)[0-9][a-z0-9-]*\.?$/;
/** ... unless it is four bytes written in decimal, as the parser writes an IPv4 address. */
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

/** The scheme, host and port of an ABSOLUTE match, where the parser writes them as they are; else undefined. */
function plainOrigin(m: RegExpExecArray | null): string | undefined {
  if (!m || (matches(PARSER_HOST, m[3]!) && !matches(DOTTED_QUAD, m[3]!))) return undefined;
  const port = m[4];
  return port !== undefined && (+port > 65535 || port === (m[2] === 'https' ? '443' : '80')) ? undefined : m[1];
}

/**
 * `url` made absolute against `base` as the URL parser would write it, where that is plain; else
 * undefined. No index past a string's end is read (it would be looked up on String.prototype, where
 * a page may have put a getter), nor an array destructured (the page's Array iterator).
 */
export function serializedUrl(url: string, base: string): string | undefined {
  if (url.length && url[0] === '/' && !(url.length > 1 && url[1] === '/')) {
    const origin = plainOrigin(matches(ABSOLUTE, base));
    return origin && matches(PLAIN_REST, url) ? origin + url : undefined;
  }
  const m = matches(ABSOLUTE, url);
  const origin = plainOrigin(m);
  const rest = m?.[5];
  if (origin === undefined || rest === undefined || !matches(PLAIN_REST, rest)) return undefined;
  // An empty path is written as '/'.
  return rest.length && rest[0] === '/' ? url : `${origin}/${rest}`;
}
