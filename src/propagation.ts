/**
 * Which requests get a W3C `traceparent`: only those to origins the user allows (none by default),
 * since a new header makes cross-origin requests need a CORS preflight the server may refuse.
 * Pure functions, shared by the bridge (which decides, request by request, when the page side
 * asks) and the options page (which validates); the list itself never enters the page.
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

/** The parts of a URL a pattern is matched against, read with the platform's own getters. */
interface Target {
  protocol: string;
  hostname: string;
  port: string;
}

// Taken when the page side starts: a page's patched URL getters or String methods see nothing.
const NativeURL = URL;
const urlGetter = (key: string) => Object.getOwnPropertyDescriptor(URL.prototype, key)!.get!;
const protocolOf = urlGetter('protocol');
const hostnameOf = urlGetter('hostname');
const portOf = urlGetter('port');
const originOf = urlGetter('origin');
const { apply } = Reflect;
const { exec } = RegExp.prototype;
const { trim, toLowerCase, endsWith } = String.prototype;

function matches(url: Target, pattern: string): boolean {
  const m = apply(exec, PATTERN, [apply(toLowerCase, apply(trim, pattern, []), [])]) as RegExpExecArray | null;
  if (!m) return false;
  const scheme = m[1]!;
  const host = m[3]!;
  if (url.protocol !== `${scheme}:`) return false;
  const defaultPort = scheme === 'https' ? '443' : '80';
  if ((url.port || defaultPort) !== (m[4] ?? defaultPort)) return false;
  return m[2] ? (apply(endsWith, url.hostname, [`.${host}`]) as boolean) : url.hostname === host;
}

/** Whether a request to `url` from a page at `pageOrigin` gets `traceparent`. */
export function shouldPropagate(url: string, pageOrigin: string, rules: PropagationRules): boolean {
  let target: Target;
  let origin: string;
  try {
    const parsed = new NativeURL(url);
    target = { protocol: apply(protocolOf, parsed, []), hostname: apply(hostnameOf, parsed, []), port: apply(portOf, parsed, []) };
    origin = apply(originOf, parsed, []);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  if (rules.sameOrigin && origin === pageOrigin) return true;
  for (let i = 0; i < rules.origins.length; i++) if (matches(target, rules.origins[i]!)) return true;
  return false;
}
