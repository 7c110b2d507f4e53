/**
 * Writes each page event as spans through the SpanWriter: name, kind, status, attributes, and the
 * page-relative times the core turns into Unix nanoseconds. Attribute names follow the
 * OpenTelemetry semantic conventions where one exists.
 */
import { VITAL_ATTRIBUTION, VITAL_DELTA, VITAL_ID, VITAL_NAME, VITAL_NAVIGATION_TYPE, VITAL_RATING, VITAL_VALUE } from '../vital';
import { NAVIGATION_MARKS, RESOURCE_MARKS, SOCKET_COUNTS, type PageEvent, type ResourceSizes } from '../protocol/page';
import { BACKEND_TRACEPARENT, SpanKind, StatusCode, type Attributes } from '../protocol/span';
import { navigationPhases } from './navigation-phases';
import type { SpanWriter } from './span-writer';

/** A span with its attributes, under the page view's root. */
function child(w: SpanWriter, name: string, start: number, end: number, attributes: Attributes, kind: number = SpanKind.INTERNAL): void {
  w.open(name, kind, start);
  setAll(w, attributes);
  w.close(end);
}

function setAll(w: SpanWriter, attributes: Attributes): void {
  for (const key in attributes) w.set(key, attributes[key]!);
}

/**
 * The spans of one page event: one span, or for a page load its phases too. `root` attributes
 * go on a page view's root span.
 */
export function writeEvent(w: SpanWriter, event: PageEvent, root: Attributes = {}): void {
  switch (event.type) {
    case 'page-load': {
      w.open('documentLoad', SpanKind.INTERNAL, 0, { root: true });
      w.str(w.key('url.full'), w.pageUrl);
      w.set('browser.navigation.type', event.navigationType);
      setAll(w, root);
      let last = 0;
      for (const name of NAVIGATION_MARKS) {
        const time = event.marks[name];
        if (time === undefined) continue;
        w.event(name, time);
        last = time;
      }
      w.close(event.marks.loadEventEnd ?? last);
      for (const phase of navigationPhases(event.marks)) child(w, phase.name, phase.start, phase.end, {});
      return;
    }
    case 'resource':
      w.open('resourceFetch', SpanKind.INTERNAL, event.start);
      w.url('url.full', event.url);
      setAll(w, {
        'spanlight.resource.initiator_type': event.initiatorType,
        'spanlight.resource.render_blocking': event.renderBlocking,
        ...serverOf(event.url),
        ...sizeAttributes(event),
      });
      markEvents(w, event.timing);
      w.close(event.end);
      return;
    case 'vital': {
      const { start, end } = vitalTimes(event);
      w.open(event.name, SpanKind.INTERNAL, start);
      setAll(w, {
        [VITAL_NAME]: event.name.toLowerCase(),
        [VITAL_VALUE]: event.value,
        ...(event.delta !== undefined ? { [VITAL_DELTA]: event.delta } : {}),
        ...(event.id !== undefined ? { [VITAL_ID]: event.id } : {}),
        [VITAL_RATING]: event.rating,
        [VITAL_NAVIGATION_TYPE]: event.navigationType,
      });
      for (const [key, value] of Object.entries(event.attribution)) {
        if (key === 'url' && typeof value === 'string') w.url(`${VITAL_ATTRIBUTION}url`, value);
        else w.set(`${VITAL_ATTRIBUTION}${key}`, value);
      }
      w.close(end);
      return;
    }
    case 'long-frame': {
      w.open(event.kind === 'frame' ? 'longAnimationFrame' : 'longTask', SpanKind.INTERNAL, event.start);
      w.set('spanlight.long_frame.blocking_duration', event.blockingDuration);
      w.set('spanlight.long_frame.scripts', event.scripts);
      if (event.script) {
        if (event.script.source) w.url('code.file.path', event.script.source);
        if (event.script.function) w.set('code.function.name', event.script.function);
        if (event.script.invoker) w.set('spanlight.long_frame.script.invoker', event.script.invoker);
        w.set('spanlight.long_frame.script.duration', event.script.duration);
      }
      w.close(event.end);
      return;
    }
    case 'route':
      // The root of the page view a route change or a back/forward cache restore begins (the page context is the new one).
      w.open(event.trigger === 'bfcache' ? 'bfcacheRestore' : 'routeChange', SpanKind.INTERNAL, event.time, { root: true });
      w.str(w.key('url.full'), w.pageUrl);
      w.set('spanlight.route.trigger', event.trigger);
      if (event.hashChange !== undefined) w.set('browser.navigation.hash_change', event.hashChange);
      setAll(w, root);
      w.close(event.time);
      return;
    case 'measure':
      child(w, event.name, event.start, event.end, {
        'spanlight.user_timing': 'measure',
        ...(event.detail !== undefined ? { 'spanlight.user_timing.detail': event.detail } : {}),
      });
      return;
    case 'http': {
      w.open(event.method, SpanKind.CLIENT, event.start, { spanId: event.spanId, parentId: event.parent });
      w.set('http.request.method', event.method);
      w.url('url.full', event.url);
      w.set('spanlight.http.api', event.api);
      setAll(w, serverOf(event.url));
      if (event.status > 0) w.set('http.response.status_code', event.status);
      setAll(w, sizeAttributes(event));
      markEvents(w, event.timing);
      const failed = event.error !== undefined || event.status >= 400;
      if (failed) w.set('error.type', event.error ?? String(event.status));
      if (event.observed) {
        w.set('spanlight.request.seen_by', 'webRequest');
        w.set('spanlight.request.kind', event.observed.kind);
        w.set('spanlight.response.cache_hit', event.observed.cacheHit);
        if (event.observed.script) w.url('spanlight.worker.script', event.observed.script);
      }
      w.close(event.end, failed ? StatusCode.ERROR : StatusCode.UNSET, failed ? event.error : undefined);
      return;
    }
    case 'error':
      w.open('exception', SpanKind.INTERNAL, event.time);
      w.set('exception.type', event.errorType);
      w.set('exception.message', event.message);
      w.set('spanlight.error.kind', event.kind);
      if (event.stack) w.set('exception.stacktrace', event.stack);
      if (event.file) w.url('code.file.path', event.file);
      if (event.line !== undefined) w.set('code.line.number', event.line);
      if (event.column !== undefined) w.set('code.column.number', event.column);
      if (event.worker) w.set('spanlight.worker.kind', event.worker);
      if (event.script) w.url('spanlight.worker.script', event.script);
      w.close(event.time, StatusCode.ERROR, event.message);
      return;
    case 'websocket': {
      w.open('WebSocket', SpanKind.CLIENT, event.start);
      w.url('url.full', event.url);
      setAll(w, serverOf(event.url));
      w.set('network.protocol.name', 'websocket');
      if (event.protocol) w.set('spanlight.websocket.protocol', event.protocol);
      for (const key of SOCKET_COUNTS) w.set(`spanlight.websocket.${key}`, event[key]);
      // No close code: the page was left with the socket open, which ended its span.
      if (event.code) (w.set('spanlight.websocket.close_code', event.code), w.set('spanlight.websocket.was_clean', event.clean));
      const error = event.error || undefined;
      if (error) w.set('error.type', error);
      w.close(event.end, error ? StatusCode.ERROR : StatusCode.UNSET, error);
      return;
    }
    case 'interaction':
      w.open(event.event, SpanKind.INTERNAL, event.start, { spanId: event.spanId });
      setAll(w, {
        'ui.event.type': event.event,
        'ui.target': event.target,
        ...(event.key ? { 'ui.key': event.key } : {}),
      });
      w.close(event.end);
      return;
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

/**
 * A resource's or request's Resource Timing marks as span events, named as OpenTelemetry's web
 * instrumentations name them (sdk-trace-web addSpanNetworkEvents: `fetchStart`, `domainLookupStart`,
 * …, `responseEnd`; `redirectStart` and `redirectEnd` too), so spans from either read alike. A 0
 * did not happen or was hidden from the page: left out, as OpenTelemetry leaves it out.
 */
function markEvents(w: SpanWriter, timing: readonly number[] | undefined): void {
  timing?.forEach((time, i) => time > 0 && w.event(RESOURCE_MARKS[i]!, time));
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
  if (sizes.backend) attributes[BACKEND_TRACEPARENT] = sizes.backend;
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
    const port = parsed.port ? Number(parsed.port) : /^(https|wss):$/.test(parsed.protocol) ? 443 : 80;
    return { 'server.address': parsed.hostname, 'server.port': port };
  } catch {
    return {};
  }
}
