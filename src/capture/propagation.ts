/**
 * Which requests get a W3C `traceparent`: only those to origins the user allows (none by default),
 * since a new header makes cross-origin requests need a CORS preflight the server may refuse.
 * Pure functions, shared by the page side (which decides) and the options page (which validates).
 */

export interface PropagationRules {
  /** Requests to the page's own origin. */
  sameOrigin: boolean;
  /** Origin patterns: `https://api.example.com`, `https://*.example.com`, `http://localhost:8080`. */
  origins: string[];
}

const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/;

/** Why `pattern` is not an origin pattern, or undefined when it is one. */
export function originPatternProblem(pattern: string): string | undefined {
  return PATTERN.test(pattern.trim().toLowerCase())
    ? undefined
    : `"${pattern}" is not an origin like https://api.example.com or https://*.example.com`;
}

function matches(url: URL, pattern: string): boolean {
  const m = PATTERN.exec(pattern.trim().toLowerCase());
  if (!m) return false;
  const [, scheme, wildcard, host, port] = m;
  if (url.protocol !== `${scheme}:`) return false;
  const defaultPort = scheme === 'https' ? '443' : '80';
  if ((url.port || defaultPort) !== (port ?? defaultPort)) return false;
  return wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
}

/** Whether a request to `url` from a page at `pageOrigin` gets `traceparent`. */
export function shouldPropagate(url: string, pageOrigin: string, rules: PropagationRules): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  if (rules.sameOrigin && target.origin === pageOrigin) return true;
  return rules.origins.some((pattern) => matches(target, pattern));
}
