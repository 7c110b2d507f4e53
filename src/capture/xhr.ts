/**
 * Client spans for XMLHttpRequest, from send() to loadend: one span per request the browser
 * makes (a send() the browser refuses, such as a second one, makes none). Listeners are added with
 * the platform's own method, once per object, so a page's patched `addEventListener` never sees them.
 */
import type { CaptureContext } from './context';
import { wrapMethod } from './native';
import { apply, getter, now, on, record } from './platform';
import { absoluteUrl, readOpen, type RequestInfo } from './request-info';

interface Request {
  /** The method and URL open() was given, worked out when first needed (readOpen). */
  describe: () => RequestInfo;
  info?: RequestInfo;
  /** Between a send() the browser took and its loadend. */
  sent?: { start: number; view: number; parent?: string; spanId?: string; error?: string };
  /** The page set `traceparent` itself: never overridden. */
  own?: boolean;
}

const { get, set, has } = WeakMap.prototype;
const { toLowerCase } = String.prototype;

export function instrumentXhr({ emit, signal, trace }: CaptureContext): void {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const setHeader = proto.setRequestHeader;
  const status = getter(proto, 'status');
  const responseUrl = getter(proto, 'responseURL');
  const requests = new WeakMap<XMLHttpRequest, Request>();
  const listening = new WeakMap<XMLHttpRequest, true>();
  const requestOf = (xhr: unknown) => apply(get, requests, [xhr]) as Request | undefined;
  const infoOf = (request: Request) => (request.info ??= request.describe());

  const listen = (xhr: XMLHttpRequest) => {
    if (apply(has, listening, [xhr])) return;
    apply(set, listening, [xhr, true]);
    const fail = (name: string) => () => {
      const sent = requestOf(xhr)?.sent;
      if (sent) sent.error = name;
    };
    on(xhr, 'abort', fail('AbortError'), {});
    on(xhr, 'error', fail('NetworkError'), {});
    on(xhr, 'timeout', fail('TimeoutError'), {});
    on(xhr, 'loadend', () => {
      const request = requestOf(xhr);
      const sent = request?.sent;
      if (!request || !sent) return;
      request.sent = undefined;
      const { error, ...ids } = sent;
      const end = now();
      const { method, url } = infoOf(request);
      emit({
        type: 'http',
        api: 'xhr',
        method,
        url: url || absoluteUrl(apply(responseUrl, xhr, [])),
        end,
        status: error ? 0 : (apply(status, xhr, []) as number),
        ...ids,
        ...(error ? { error } : {}),
      });
    }, {});
  };

  const restoreOpen = wrapMethod(proto, 'open', (original, self, args) => {
    const result = apply(original, self, args);
    // Only an open() the browser took starts a request (a refused one threw above).
    // Records without a prototype: a page's Object.prototype getters never answer for their fields.
    apply(set, requests, [self, record<Request>({ describe: readOpen(args[0], args[1]), info: undefined, sent: undefined, own: false })]);
    return result;
  });
  const restoreHeader = wrapMethod(proto, 'setRequestHeader', (original, self, args) => {
    const result = apply(original, self, args);
    const request = requestOf(self);
    if (request && typeof args[0] === 'string' && apply(toLowerCase, args[0], []) === 'traceparent') request.own = true;
    return result;
  });
  const restoreSend = wrapMethod(proto, 'send', (original, self, args) => {
    const request = requestOf(self);
    // Not opened by us, or sent already (the browser throws InvalidStateError): passed on as it is.
    if (!request || request.sent) return apply(original, self, args);
    const xhr = self as XMLHttpRequest;
    const propagation = request.own || !trace.propagates() ? undefined : trace.headerFor(infoOf(request).url);
    let spanId: string | undefined;
    if (propagation) {
      try {
        apply(setHeader, xhr, ['traceparent', propagation.traceparent]);
        spanId = propagation.spanId;
      } catch {
        // not in the OPENED state: send() below throws, and the browser says so to the page
      }
    }
    listen(xhr); // before send(): a synchronous request ends inside it
    request.sent = record({ start: now(), view: trace.view, ...trace.during, ...(spanId ? { spanId } : {}), error: undefined as string | undefined });
    try {
      return apply(original, self, args);
    } catch (error) {
      request.sent = undefined;
      throw error;
    }
  });
  signal.addEventListener(
    'abort',
    () => {
      restoreOpen();
      restoreSend();
      restoreHeader();
    },
    { once: true },
  );
}
