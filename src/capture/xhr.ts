/**
 * Client spans for XMLHttpRequest, from send() to loadend: one span per request the browser
 * makes (a send() the browser refuses, such as a second one, makes none). Listeners are added with
 * the platform's own method, once per object, so a page's patched `addEventListener` never sees them.
 *
 * An object the page opens again before its loadend reached us (polling from `onload` or
 * `onreadystatechange`, or a new request over one in flight) ends the request it held there:
 * Chromium fires no loadend for a request reopened in flight or at readystatechange 4, and both
 * browsers fire the old loadend after a reopen in `onload`, at readyState 1 (OPENED). Only a
 * loadend at readyState 4 (DONE, as every real one is) ends a span.
 */
import type { CaptureContext } from './context';
import { wrapMethod } from './native';
import { apply, arg, getter, now, on, record } from './platform';
import { absoluteUrl, readOpen, type RequestInfo } from './request-info';
import type { PageEvent } from '../protocol/page';

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
const DONE = 4;

export function instrumentXhr({ emit, signal, trace }: CaptureContext): void {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const setHeader = proto.setRequestHeader;
  const status = getter(proto, 'status');
  const readyState = getter(proto, 'readyState');
  const responseUrl = getter(proto, 'responseURL');
  const requests = new WeakMap<XMLHttpRequest, Request>();
  const listening = new WeakMap<XMLHttpRequest, true>();
  const requestOf = (xhr: unknown) => apply(get, requests, [xhr]) as Request | undefined;
  const infoOf = (request: Request) => (request.info ??= request.describe());
  /** The request a DONE object's events are about: a loadend at another state is an earlier request's, reopened. */
  const doneRequest = (xhr: unknown) => (apply(readyState, xhr, []) === DONE ? requestOf(xhr) : undefined);

  /** The span of a sent request, as the object stands now (read before an open() resets it). */
  const ended = (xhr: unknown, request: Request, sent: NonNullable<Request['sent']>): PageEvent => {
    const { error: failed, ...ids } = sent;
    // Reopened in flight: the browser cancelled it, with no event. Done with no code and no event yet: it failed.
    const code = apply(status, xhr, []) as number;
    const error = apply(readyState, xhr, []) !== DONE ? 'AbortError' : (failed ?? (code ? undefined : 'NetworkError'));
    const { method, url } = infoOf(request);
    return {
      type: 'http',
      api: 'xhr',
      method,
      url: url || absoluteUrl(apply(responseUrl, xhr, [])),
      end: now(),
      status: error ? 0 : code,
      ...ids,
      ...(error ? { error } : {}),
    };
  };

  const listen = (xhr: XMLHttpRequest) => {
    if (apply(has, listening, [xhr])) return;
    apply(set, listening, [xhr, true]);
    const fail = (name: string) => () => {
      const sent = doneRequest(xhr)?.sent;
      if (sent) sent.error = name;
    };
    on(xhr, 'abort', fail('AbortError'), {});
    on(xhr, 'error', fail('NetworkError'), {});
    on(xhr, 'timeout', fail('TimeoutError'), {});
    on(xhr, 'loadend', () => {
      const request = doneRequest(xhr);
      const sent = request?.sent;
      if (!request || !sent) return;
      request.sent = undefined;
      emit(ended(xhr, request, sent));
    }, {});
  };

  const restoreOpen = wrapMethod(proto, 'open', (original, self, args) => {
    const before = requestOf(self);
    const pending = before?.sent && ended(self, before, before.sent);
    // In force before the browser's open() runs: a send() from the readystatechange listener it
    // calls belongs to this request. Records without a prototype: a page's Object.prototype
    // getters never answer for their fields.
    const request = record<Request>({ describe: readOpen(arg(args, 0), arg(args, 1)), info: undefined, sent: undefined, own: false });
    apply(set, requests, [self, request]);
    let result;
    try {
      result = apply(original, self, args);
    } catch (error) {
      // Refused (a bad method or URL): the request before stays in force, its span still to end.
      if (requestOf(self) === request) apply(set, requests, [self, before]);
      throw error;
    }
    if (pending) emit(pending);
    return result;
  });
  const restoreHeader = wrapMethod(proto, 'setRequestHeader', (original, self, args) => {
    const result = apply(original, self, args);
    const request = requestOf(self);
    const name = arg(args, 0);
    if (request && typeof name === 'string' && apply(toLowerCase, name, []) === 'traceparent') request.own = true;
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
