/**
 * Maps each page event to the parts of its span that are not the core's business: name, kind,
 * status, attributes, and the page-relative times the core turns into Unix nanoseconds.
 * Attribute names follow the OpenTelemetry semantic conventions where one exists.
 */
import { NAVIGATION_MARKS, type PageEvent, type ResourceSizes } from '../protocol/page';
import { SpanKind, StatusCode, type Attributes } from '../protocol/span';
import { navigationPhases } from './navigation-phases';
import { redactUrl } from './redact';

export interface SpanParts {
  /** The page view's root span (adopts the page context's root span id). */
  root: boolean;
  name: string;
  kind: number;
  start: number;
  end: number;
  status: { code: number; message?: string };
  attributes: Attributes;
  /** Span events at page-relative times. */
  events: { name: string; time: number }[];
  /** The id the page side already gave the span (sent in `traceparent`). */
  spanId?: string;
}

const child = (name: string, start: number, end: number, attributes: Attributes): SpanParts => ({
  root: false,
  name,
  kind: SpanKind.INTERNAL,
  start,
  end,
  status: { code: StatusCode.UNSET },
  attributes,
  events: [],
});

/** The span parts of one page event: one span, or for a page load its phases too. */
export function describeEvent(event: PageEvent, pageUrl: string): SpanParts[] {
  switch (event.type) {
    case 'page-load': {
      const marks = NAVIGATION_MARKS.filter((m) => event.marks[m] !== undefined).map((name) => ({
        name,
        time: event.marks[name]!,
      }));
      const root: SpanParts = {
        root: true,
        name: 'documentLoad',
        kind: SpanKind.INTERNAL,
        start: 0,
        end: event.marks.loadEventEnd ?? marks.at(-1)?.time ?? 0,
        status: { code: StatusCode.UNSET },
        attributes: { 'url.full': pageUrl, 'browser.navigation.type': event.navigationType },
        events: marks,
      };
      return [root, ...navigationPhases(event.marks).map((p) => child(p.name, p.start, p.end, {}))];
    }
    case 'resource':
      return [
        child('resourceFetch', event.start, event.end, {
          'url.full': redactUrl(event.url),
          'spanlight.resource.initiator_type': event.initiatorType,
          'spanlight.resource.render_blocking': event.renderBlocking,
          ...serverOf(event.url),
          ...sizeAttributes(event),
        }),
      ];
    case 'vital': {
      const attributes: Attributes = {
        'web_vital.name': event.name,
        'web_vital.value': event.value,
        'web_vital.rating': event.rating,
        'web_vital.navigation_type': event.navigationType,
      };
      for (const [key, value] of Object.entries(event.attribution)) {
        attributes[`web_vital.attribution.${key}`] = key === 'url' && typeof value === 'string' ? redactUrl(value) : value;
      }
      const { start, end } = vitalTimes(event);
      return [child(event.name, start, end, attributes)];
    }
    case 'long-frame': {
      const attributes: Attributes = { 'spanlight.long_frame.blocking_duration': event.blockingDuration, 'spanlight.long_frame.scripts': event.scripts };
      if (event.script) {
        if (event.script.source) attributes['code.file.path'] = redactUrl(event.script.source);
        if (event.script.function) attributes['code.function.name'] = event.script.function;
        if (event.script.invoker) attributes['spanlight.long_frame.script.invoker'] = event.script.invoker;
        attributes['spanlight.long_frame.script.duration'] = event.script.duration;
      }
      return [child(event.kind === 'frame' ? 'longAnimationFrame' : 'longTask', event.start, event.end, attributes)];
    }
    case 'route':
      // The root of the page view the route change begins (the page context is the new one).
      return [
        {
          root: true,
          name: 'routeChange',
          kind: SpanKind.INTERNAL,
          start: event.time,
          end: event.time,
          status: { code: StatusCode.UNSET },
          attributes: { 'url.full': pageUrl, 'spanlight.route.trigger': event.trigger },
          events: [],
        },
      ];
    case 'measure':
      return [
        child(event.name, event.start, event.end, {
          'spanlight.user_timing': 'measure',
          ...(event.detail !== undefined ? { 'spanlight.user_timing.detail': event.detail } : {}),
        }),
      ];
    case 'http': {
      const attributes: Attributes = {
        'http.request.method': event.method,
        'url.full': redactUrl(event.url),
        'spanlight.http.api': event.api,
        ...serverOf(event.url),
      };
      if (event.status > 0) attributes['http.response.status_code'] = event.status;
      Object.assign(attributes, sizeAttributes(event));
      const failed = event.error !== undefined || event.status >= 400;
      if (failed) attributes['error.type'] = event.error ?? String(event.status);
      return [{
        root: false,
        name: event.method,
        kind: SpanKind.CLIENT,
        start: event.start,
        end: event.end,
        status: failed
          ? { code: StatusCode.ERROR, ...(event.error ? { message: event.error } : {}) }
          : { code: StatusCode.UNSET },
        attributes,
        events: [],
        ...(event.spanId ? { spanId: event.spanId } : {}),
      }];
    }
    case 'error': {
      const attributes: Attributes = {
        'exception.type': event.errorType,
        'exception.message': event.message,
        'spanlight.error.kind': event.kind,
      };
      if (event.stack) attributes['exception.stacktrace'] = event.stack;
      if (event.file) attributes['code.file.path'] = redactUrl(event.file);
      if (event.line !== undefined) attributes['code.line.number'] = event.line;
      if (event.column !== undefined) attributes['code.column.number'] = event.column;
      return [{
        root: false,
        name: 'exception',
        kind: SpanKind.INTERNAL,
        start: event.time,
        end: event.time,
        status: { code: StatusCode.ERROR, message: event.message },
        attributes,
        events: [],
      }];
    }
    case 'interaction':
      return [
        child(event.event, event.start, event.end, {
          'ui.event.type': event.event,
          'ui.target': event.target,
          ...(event.key ? { 'ui.key': event.key } : {}),
        }),
      ];
    default:
      throw new TypeError(`unknown page event: ${JSON.stringify(event satisfies never)}`);
  }
}

/**
 * Where a vital sits in the page's timeline: LCP, FCP and TTFB from navigation start to the
 * moment they measure; INP over its interaction; CLS at its largest shift.
 */
function vitalTimes(event: Extract<PageEvent, { type: 'vital' }>): { start: number; end: number } {
  const at = (key: string) => (typeof event.attribution[key] === 'number' ? (event.attribution[key] as number) : undefined);
  if (event.name === 'INP') {
    const start = at('interactionTime') ?? Math.max(0, event.time - event.value);
    return { start, end: start + event.value };
  }
  if (event.name === 'CLS') {
    const shift = at('largestShiftTime') ?? event.time;
    return { start: shift, end: shift };
  }
  return { start: 0, end: event.value };
}

/** Semantic-convention attributes of what Resource Timing knows of a response. */
function sizeAttributes(sizes: Partial<ResourceSizes>): Attributes {
  if (sizes.transferSize === undefined) return {};
  const attributes: Attributes = {
    'http.response.size': sizes.transferSize!,
    'http.response.body.size': sizes.encodedBodySize!,
    'spanlight.response.decoded_body_size': sizes.decodedBodySize!,
    // Served from the HTTP cache: nothing crossed the network, yet there is a body.
    'spanlight.response.cache_hit': sizes.transferSize === 0 && sizes.decodedBodySize! > 0,
  };
  const version = /^(?:h(\d)|http\/(\d(?:\.\d)?))$/.exec(sizes.protocol ?? '');
  if (version) {
    attributes['network.protocol.name'] = 'http';
    attributes['network.protocol.version'] = version[1] ?? version[2]!;
  }
  return attributes;
}

function serverOf(url: string): Attributes {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    return { 'server.address': parsed.hostname, 'server.port': port };
  } catch {
    return {};
  }
}
