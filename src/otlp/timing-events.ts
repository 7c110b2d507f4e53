/**
 * The timing events: `browser.navigation_timing` of the document's load (its span's marks) and
 * `browser.resource_timing` of each resource the page loaded, as the Browser SIG's
 * instrumentations name their attributes (times in milliseconds from the document's time origin;
 * the marks that PerformanceNavigationTiming inherits from PerformanceResourceTiming keep the
 * `browser.resource_timing.` names). A mark that did not happen (no redirect, no TLS) is left out,
 * where the SIG writes the API's 0.
 */
import { NAVIGATION_MARKS, NAVIGATION_TYPES, RESOURCE_MARKS, type NavigationMark } from '../protocol/page';
import { durationMs, type Attributes, type SpanRecord } from '../protocol/span';
import { num, present, urlOf, type Derived } from './derived';

/** Marks of PerformanceResourceTiming; the later NAVIGATION_MARKS are PerformanceNavigationTiming's own. */
const INHERITED: ReadonlySet<NavigationMark> = new Set(RESOURCE_MARKS);

/** The SIG's attribute of each mark: `domContentLoadedEventEnd` is `browser.navigation_timing.dom_content_loaded_event_end`. */
const MARK_KEYS = new Map<string, string>(
  NAVIGATION_MARKS.filter((mark) => mark !== 'activationStart') // the SIG has none for it (a prerender is the type)
    .map((mark) => [mark, `browser.${INHERITED.has(mark) ? 'resource' : 'navigation'}_timing.${mark.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`]),
);

/**
 * The document's load: its type and URL, each mark it recorded as an event of its span (which
 * starts at the time origin), and its duration (to loadEventEnd, as the entry's). A span without
 * loadEventEnd (not the document's load) gives none. At loadEventEnd, when the entry is complete.
 */
export function navigationTiming(span: SpanRecord): Derived | undefined {
  const end = span.events.find((event) => event.name === 'loadEventEnd');
  if (!end) return undefined;
  const type = NAVIGATION_TYPES.find((t) => t === span.attributes['browser.navigation.type']);
  const attributes: Attributes = present({ 'browser.navigation_timing.type': type, 'url.full': urlOf(span) });
  attributes['browser.resource_timing.duration'] = durationMs({ start: span.start, end: end.time });
  for (const event of span.events) {
    const key = MARK_KEYS.get(event.name);
    if (key) attributes[key] = durationMs({ start: span.start, end: event.time });
  }
  return { eventName: 'browser.navigation_timing', time: end.time, attributes };
}

/**
 * One resource: URL, initiator, duration and sizes (its times from the time origin need the page
 * view's start, which the span alone does not hold: left out). `render_blocking_status` only when
 * blocking: where the API is missing (Firefox), not blocking is not known.
 */
export function resourceTiming(span: SpanRecord): Derived | undefined {
  const a = span.attributes;
  const initiator = a['spanlight.resource.initiator_type'];
  const url = a['url.full'];
  if (typeof initiator !== 'string' || typeof url !== 'string') return undefined;
  return {
    eventName: 'browser.resource_timing',
    time: span.start,
    attributes: present({
      'url.full': url,
      'browser.resource_timing.initiator_type': initiator,
      'browser.resource_timing.duration': durationMs(span),
      'browser.resource_timing.transfer_size': num(a['http.response.size']),
      'browser.resource_timing.encoded_body_size': num(a['http.response.body.size']),
      'browser.resource_timing.decoded_body_size': num(a['spanlight.response.decoded_body_size']),
      'browser.resource_timing.next_hop_protocol': nextHop(a['network.protocol.version']),
      'browser.resource_timing.render_blocking_status': a['spanlight.resource.render_blocking'] === true ? 'blocking' : undefined,
    }),
  };
}

/**
 * nextHopProtocol back from the version write-event.ts took of it: `h2` and `h3` gave `2` and
 * `3`, `http/1.1` gave `1.1` (ALPN ids: RFC 7301's registry).
 */
export function nextHop(version: unknown): string | undefined {
  if (typeof version !== 'string' || !/^\d(?:\.\d)?$/.test(version)) return undefined;
  return version.includes('.') ? `http/${version}` : `h${version}`;
}
