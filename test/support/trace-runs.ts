/** Runs of `spanlight trace` for tests: page views, their spans as the tracer writes them, and a sample page. */
import type { TraceRun } from '../../src/cli/types';
import { LINK_TYPE, LinkType, SpanKind, StatusCode, type Attributes, type SpanRecord } from '../../src/protocol/span';
import { randomHexId } from '../../src/tracer/ids';
import { timedSpan } from './spans';

/** A page view's root (`documentLoad` unless named), `start`/`length` in ms; a frame's links to `frameOf`. */
export function pageRoot(url: string, start: number, length: number, options: { name?: string; frameOf?: SpanRecord } = {}): SpanRecord {
  const root = timedSpan(start, length, { name: options.name ?? 'documentLoad', kind: SpanKind.INTERNAL, attributes: { 'url.full': url }, pageUrl: url });
  delete root.parentSpanId;
  const top = options.frameOf;
  if (top) root.links = [{ traceId: top.traceId, spanId: top.spanId, flags: 1, attributes: { [LINK_TYPE]: LinkType.topPageView } }];
  return root;
}

/** A span of `root`'s page view, under it. */
export function child(root: SpanRecord, name: string, start: number, length: number, attributes: Attributes = {}, fields: Partial<SpanRecord> = {}): SpanRecord {
  return timedSpan(start, length, { traceId: root.traceId, parentSpanId: root.spanId, name, kind: SpanKind.INTERNAL, attributes, pageUrl: root.pageUrl, ...fields });
}

/** A Web Vital's span as write-event.ts writes it (LCP, FCP, TTFB from navigation start to the value). */
export const vital = (root: SpanRecord, name: string, value: number) =>
  child(root, name, 0, name === 'CLS' || name === 'INP' ? 0 : value, { 'browser.web_vital.name': name.toLowerCase(), 'browser.web_vital.value': value, 'browser.web_vital.rating': 'good' });

/** A Resource Timing entry's span, `bytes` transferred. */
export const resource = (root: SpanRecord, path: string, start: number, length: number, bytes: number, initiator = 'script') =>
  child(root, 'resourceFetch', start, length, {
    'url.full': new URL(path, root.pageUrl).href,
    'spanlight.resource.initiator_type': initiator,
    'http.response.size': bytes,
  });

/** A fetch's client span, its Resource Timing sizes merged in when `bytes` is given; a status of 400 or more fails it. */
export function request(root: SpanRecord, method: string, path: string, start: number, length: number, { bytes, status = 200 }: { bytes?: number; status?: number } = {}): SpanRecord {
  const failed = status >= 400;
  return child(
    root,
    method,
    start,
    length,
    {
      'http.request.method': method,
      'url.full': new URL(path, root.pageUrl).href,
      'spanlight.http.api': 'fetch',
      'http.response.status_code': status,
      ...(bytes === undefined ? {} : { 'http.response.size': bytes }),
      ...(failed ? { 'error.type': String(status) } : {}),
    },
    { kind: SpanKind.CLIENT, spanId: randomHexId(8), status: { code: failed ? StatusCode.ERROR : StatusCode.UNSET } },
  );
}

export const exception = (root: SpanRecord, at: number, message: string) =>
  child(root, 'exception', at, 0, { 'exception.type': 'Error', 'exception.message': message }, { status: { code: StatusCode.ERROR, message } });

/**
 * https://shop.example/ loaded once: its page view (load `load` ms; LCP 1800, FCP 900, TTFB 300,
 * CLS reported 0.05 then 0.12, no INP), three resources, a fetch and a failing one, an exception;
 * and an ad frame with vitals, a resource and an exception of its own.
 */
export function shopRun(run = 1, load = 1200): TraceRun {
  const top = pageRoot('https://shop.example/', 0, load);
  const frame = pageRoot('https://ads.example/frame.html', 200, 600, { frameOf: top });
  const spans = [
    top,
    vital(top, 'TTFB', 300),
    resource(top, '/style.css', 50, 250, 5120, 'link'),
    resource(top, '/app.js', 100, 300, 10240),
    resource(top, 'https://ads.example/frame.html', 150, 100, 2048, 'iframe'),
    vital(top, 'FCP', 900),
    frame,
    vital(frame, 'LCP', 9999),
    vital(frame, 'CLS', 0.9),
    resource(frame, '/ad.js', 250, 100, 4096),
    exception(frame, 300, 'ad failed'),
    request(top, 'GET', '/api/items?page=2', 500, 300, { bytes: 1024 }),
    request(top, 'POST', '/api/cart', 600, 500, { status: 500 }),
    vital(top, 'CLS', 0.05),
    exception(top, 700, 'cart is undefined'),
    vital(top, 'LCP', 1800),
    vital(top, 'CLS', 0.12),
  ];
  return { url: 'https://shop.example', run, spans };
}
