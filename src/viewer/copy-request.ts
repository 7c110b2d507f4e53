/**
 * A request span as a command to repeat it: `curl` for a POSIX shell, or `fetch()` for a
 * console. Only the method and URL are known (no headers or bodies are captured), and the URL is
 * the one stored, redacted as it was. The URL is the page's: quoted so no character of it can end
 * the quoting (POSIX single quotes take everything literally but `'`, written as `'\''`).
 */
import type { Attributes } from '../protocol/span';

/** `value` as one word of a POSIX shell command, whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** An HTTP method as written (a token, RFC 9110 section 9), else GET. */
function methodOf(attributes: Attributes, name: string): string {
  const method = attributes['http.request.method'] ?? name;
  return typeof method === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method) && method !== 'resourceFetch' ? method.toUpperCase() : 'GET';
}

/** The request a span made, when it has a URL: its method and URL. */
export function requestOf(name: string, attributes: Attributes): { method: string; url: string } | undefined {
  const url = attributes['url.full'];
  if (typeof url !== 'string' || !url || !(attributes['http.request.method'] !== undefined || name === 'resourceFetch')) return undefined;
  return { method: methodOf(attributes, name), url };
}

/**
 * A URL with its control characters (C0, DEL, C1) percent-encoded: pasted into a terminal, an
 * escape sequence or a Ctrl-C could end the paste or the quoting. A URL keeps its meaning.
 */
export function withoutControls(url: string): string {
  // eslint-disable-next-line no-control-regex -- the characters to take out
  return url.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => encodeURIComponent(c));
}

/**
 * `curl --url 'https://…'`, with `-X METHOD` for any method but GET: the URL given to `--url`,
 * so one that starts with `-` is never read as an option (a `-K file` reads a config file).
 */
export function curlCommand({ method, url }: { method: string; url: string }): string {
  return `curl ${method === 'GET' ? '' : `-X ${shellQuote(method)} `}--url ${shellQuote(withoutControls(url))}`;
}

/** `fetch("https://…", { method: "POST" })`; the URL as a JavaScript string literal. */
export function fetchCall({ method, url }: { method: string; url: string }): string {
  // JSON's escaping makes a valid JavaScript string literal; U+2028 and U+2029 escaped for older engines.
  const literal = JSON.stringify(withoutControls(url)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `fetch(${literal}, { method: ${JSON.stringify(method)} });`;
}
