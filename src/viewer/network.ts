/**
 * What the waterfall shows of a resource or request row: its type (for the bar's colour), the
 * file name first and the origin and directory after it, the status code and the size
 * transferred (or that it came from the cache).
 */
import { formatBytes } from '../format';
import { nextHop } from '../otlp/timing-events';
import type { SpanRecord } from '../protocol/span';

export type ResourceType = 'document' | 'script' | 'stylesheet' | 'img' | 'font' | 'fetch' | 'other';

/** Every type, in the legend's order. */
export const RESOURCE_TYPES: readonly ResourceType[] = ['document', 'script', 'stylesheet', 'img', 'font', 'fetch', 'other'];

const BY_EXTENSION: [RegExp, ResourceType][] = [
  [/\.(m?js|cjs)$/, 'script'],
  [/\.css$/, 'stylesheet'],
  [/\.(png|jpe?g|gif|webp|avif|svg|ico|bmp)$/, 'img'],
  [/\.(woff2?|ttf|otf|eot)$/, 'font'],
  [/\.html?$/, 'document'],
];

const BY_INITIATOR: Record<string, ResourceType> = {
  script: 'script',
  img: 'img',
  image: 'img',
  input: 'img',
  video: 'other',
  audio: 'other',
  fetch: 'fetch',
  xmlhttprequest: 'fetch',
  beacon: 'fetch',
  navigation: 'document',
  iframe: 'document',
  frame: 'document',
};

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname.toLowerCase();
  } catch {
    return '';
  }
};

/** The type of a resource or request span, undefined for any other span. */
export function resourceType(span: SpanRecord): ResourceType | undefined {
  const a = span.attributes;
  if (a['http.request.method'] !== undefined || a['spanlight.http.api'] !== undefined) return 'fetch';
  if (span.name !== 'resourceFetch') return undefined;
  const initiator = String(a['spanlight.resource.initiator_type'] ?? '').toLowerCase();
  if (BY_INITIATOR[initiator]) return BY_INITIATOR[initiator];
  // `link` and `css` load stylesheets, fonts and images alike: the file tells them apart.
  const path = pathOf(String(a['url.full'] ?? ''));
  return BY_EXTENSION.find(([pattern]) => pattern.test(path))?.[1] ?? (initiator === 'link' ? 'stylesheet' : 'other');
}

/** A resource or request row's text. */
export interface NetworkSummary {
  type: ResourceType;
  /** The last part of the path, with the query: `app.js?v=3` (`/` for the origin itself). */
  file: string;
  /** What comes before it: `https://cdn.example/static/`. */
  where: string;
  status?: number;
  /** `12.3 KB`, `(cache)` for a cache hit; none when the server reports no size. */
  size?: string;
}

/** `text` up to its first `#` (no backtracking `#.*$`: a URL of 16 KB of `#` and a line break took 100 ms). */
const withoutFragment = (text: string) => {
  const hash = text.indexOf('#');
  return hash < 0 ? text : text.slice(0, hash);
};

/** Splits a URL into its file name and the origin and directory before it; a URL that does not parse is all file. */
export function splitUrl(url: string): { file: string; where: string } {
  try {
    const u = new URL(url);
    const cut = u.pathname.lastIndexOf('/') + 1;
    const name = u.pathname.slice(cut);
    // A path ending in `/` has no file name: the path is the name then.
    const split = name ? { file: name + u.search, where: u.origin + u.pathname.slice(0, cut) } : { file: u.pathname + u.search, where: u.origin };
    // The file as stored, not as the parser escapes it, where the URL begins as its parts do.
    return url.startsWith(split.where) && url.length > split.where.length ? { file: withoutFragment(url.slice(split.where.length)), where: split.where } : split;
  } catch {
    return { file: url, where: '' };
  }
}

/** The summary of a resource or request span, undefined for any other span. */
export function networkSummary(span: SpanRecord): NetworkSummary | undefined {
  const type = resourceType(span);
  if (!type) return undefined;
  const a = span.attributes;
  const summary: NetworkSummary = { type, ...splitUrl(String(a['url.full'] ?? '')) };
  const status = a['http.response.status_code'];
  if (typeof status === 'number' && status > 0) summary.status = status;
  const transfer = a['http.response.size'];
  const body = a['http.response.body.size'] ?? a['spanlight.response.decoded_body_size'];
  if (fromCache(span)) summary.size = '(cache)';
  else if (typeof transfer === 'number' && transfer > 0) summary.size = formatBytes(transfer);
  else if (typeof body === 'number' && body > 0) summary.size = formatBytes(body);
  return summary;
}

/**
 * Whether a response came from the HTTP cache: nothing transferred for a body that has a size.
 * Undefined when the sizes do not tell (a cross-origin server without Timing-Allow-Origin reports all 0).
 */
export function fromCache(span: SpanRecord): boolean | undefined {
  const a = span.attributes;
  if (a['spanlight.response.cache_hit'] === true) return true;
  const transfer = a['http.response.size'];
  const body = a['spanlight.response.decoded_body_size'] ?? a['http.response.body.size'];
  if (typeof transfer !== 'number') return undefined;
  if (transfer > 0) return false;
  return typeof body === 'number' && body > 0 ? true : undefined;
}

/** The response's protocol as Resource Timing names it (`h2`, `h3`, `http/1.1`), from `network.protocol.version`. */
export const protocolOf = (span: SpanRecord): string | undefined => nextHop(span.attributes['network.protocol.version']);
