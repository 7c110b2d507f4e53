/**
 * The order of the waterfall's request and resource rows, as a Network panel sorts and groups
 * them: by start (the trace's own order), duration, size or name, grouped by type (in the
 * legend's order), by host (by name), or into first and third parties (same registrable domain
 * as the page, or not). Only siblings
 * move: a parent's request children are gathered where the first of them was, in the order
 * asked for, each with its descendants; every other row keeps its parent and its order. Linear
 * after one sort per parent, and iterative, so a deep trace cannot overflow the stack.
 */
import { type SpanRecord } from '../protocol/span';
import { networkSummary, resourceType, RESOURCE_TYPES } from './network';
import type { TraceLayout } from './trace';

export type NetworkSort = 'start' | 'duration' | 'size' | 'name';
export type NetworkGroup = 'none' | 'type' | 'host' | 'party';

export interface NetworkOrder {
  sort: NetworkSort;
  group: NetworkGroup;
}

/** The trace's own order: nothing moves. */
export const TRACE_ORDER: NetworkOrder = { sort: 'start', group: 'none' };

/** A registrable domain (eTLD+1) of a host name: `getDomain` of tldts, or the host where it has none. */
export type SiteOf = (host: string) => string;

/** Every row of a layout in the order asked for, and the group of each request row that has one. */
export interface ArrangedRows {
  order: number[];
  /** A request row's group name, for rows in a group. */
  groups: Map<number, string>;
}

const hostOf = (url: unknown): string => {
  try {
    return typeof url === 'string' ? new URL(url).hostname : '';
  } catch {
    return '';
  }
};

/** The host a request went to: `server.address`, else its URL's. */
const serverOf = (span: SpanRecord) => {
  const server = span.attributes['server.address'];
  return typeof server === 'string' && server ? server : hostOf(span.attributes['url.full']);
};

/** Bytes a response took: transferred, else its body's size; -1 when not known (listed last by size). */
function sizeOf(span: SpanRecord): number {
  const a = span.attributes;
  for (const key of ['http.response.size', 'http.response.body.size', 'spanlight.response.decoded_body_size']) {
    const value = a[key];
    if (typeof value === 'number' && value > 0) return value;
  }
  return typeof a['http.response.size'] === 'number' ? 0 : -1;
}

/** Its group, and the group's rank (groups of no rank, hosts, go by name). */
interface Group {
  name: string;
  rank?: number;
}

function groupOf(span: SpanRecord, group: NetworkGroup, siteOf: SiteOf, pageHost: string): Group {
  if (group === 'type') {
    const type = resourceType(span) ?? 'other';
    return { name: type === 'fetch' ? 'fetch/xhr' : type, rank: RESOURCE_TYPES.indexOf(type) };
  }
  const host = serverOf(span);
  if (group === 'host') return { name: host || '(no host)' };
  const page = hostOf(span.pageUrl) || pageHost;
  const first = !!host && !!page && siteOf(host.toLowerCase()) === siteOf(page.toLowerCase());
  return first ? { name: 'first-party', rank: 0 } : { name: 'third-party', rank: 1 };
}

const collator = /* @__PURE__ */ new Intl.Collator(undefined, { numeric: true });
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareGroups = (a: Group, b: Group) => (a.rank ?? 0) - (b.rank ?? 0) || compareText(a.name, b.name);

/** Every row of `layout`, request siblings sorted and grouped as `order` asks. */
export function arrangeRows(layout: TraceLayout, order: NetworkOrder, siteOf: SiteOf): ArrangedRows {
  const { rows } = layout;
  const groups = new Map<number, string>();
  if (order.sort === TRACE_ORDER.sort && order.group === TRACE_ORDER.group) return { order: rows.map((_, i) => i), groups };
  const root = rows[0]?.span;
  const pageHost = hostOf(root?.pageUrl) || hostOf(root?.attributes['url.full']);
  // Longest and largest first: keys negated.
  const keyOf: Record<NetworkSort, (r: number) => number | string> = {
    start: (r) => rows[r]!.start,
    duration: (r) => rows[r]!.start - rows[r]!.end,
    size: (r) => -sizeOf(rows[r]!.span),
    name: (r) => networkSummary(rows[r]!.span)?.file ?? rows[r]!.span.name,
  };

  /** Children `list` of one parent, its requests gathered at the first one's place, in order. */
  const arrange = (list: number[]): number[] => {
    const isRequest = list.map((r) => resourceType(rows[r]!.span) !== undefined);
    const at = isRequest.indexOf(true);
    if (at < 0 || (list.length === 1 && order.group === 'none')) return list;
    const requests = list.filter((_, i) => isRequest[i]);
    // Keys and groups taken once per row, not once per comparison.
    const keys = requests.map(keyOf[order.sort]);
    const named = order.group === 'none' ? undefined : requests.map((r) => groupOf(rows[r]!.span, order.group, siteOf, pageHost));
    const compareKeys = (a: number, b: number) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      return typeof ka === 'string' ? collator.compare(ka, kb as string) : ka - (kb as number);
    };
    const sorted = requests
      .map((_, i) => i)
      .sort((a, b) => (named ? compareGroups(named[a]!, named[b]!) : 0) || compareKeys(a, b) || rows[requests[a]!]!.start - rows[requests[b]!]!.start || requests[a]! - requests[b]!)
      .map((i) => {
        if (named) groups.set(requests[i]!, named[i]!.name);
        return requests[i]!;
      });
    // What comes before the first request is no request: it stays first, the other rows after the requests.
    const others = list.filter((_, i) => !isRequest[i]);
    return [...others.slice(0, at), ...sorted, ...others.slice(at)];
  };
  const childrenOf = (first: number, end: number) => {
    const list: number[] = [];
    for (let c = first; c < end; c += rows[c]!.descendants + 1) list.push(c);
    return arrange(list).reverse();
  };

  const out: number[] = [];
  const stack = [childrenOf(0, rows.length)];
  while (stack.length) {
    const r = stack.at(-1)!.pop();
    if (r === undefined) {
      stack.pop();
      continue;
    }
    out.push(r);
    if (rows[r]!.descendants) stack.push(childrenOf(r + 1, r + 1 + rows[r]!.descendants));
  }
  return { order: out, groups };
}

/**
 * The rows of `shown` (the rows left visible, in the layout's order) in the arranged order, and
 * the group name on the first visible row of each group under each parent.
 */
export function placeRows(layout: TraceLayout, arranged: ArrangedRows, shown: readonly number[]): { shown: number[]; starts: Map<number, string> } {
  const starts = new Map<number, string>();
  if (!arranged.groups.size && arranged.order.every((r, i) => r === i)) return { shown: [...shown], starts };
  const visible = new Set(shown);
  const placed = arranged.order.filter((r) => visible.has(r));
  const last = new Map<number, string>();
  for (const r of placed) {
    const name = arranged.groups.get(r);
    if (name === undefined) continue;
    const parent = layout.rows[r]!.parent;
    if (last.get(parent) !== name) starts.set(r, name);
    last.set(parent, name);
  }
  return { shown: placed, starts };
}
