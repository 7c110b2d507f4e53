/**
 * Client spans for XMLHttpRequest, from send() to loadend (or, for a synchronous request that
 * fails, to the error send() throws: no event fires then): one span per request the browser
 * makes (a send() the browser refuses, such as a second one, makes none). Listeners are added with
 * the platform's own method, once per object, so a page's patched `addEventListener` never sees
 * them; in the capture phase, which Firefox runs before the page's own handlers (Chromium runs
 * them in the order added: a request the page opens again from its ontimeout handler, set before
 * send(), is then ended before we heard why it failed, and is named a NetworkError).
 *
 * An object the page opens again before its request's loadend (polling from `onload` or
 * `onreadystatechange`, or a new request over one in flight) ends that request's span there:
 * Chromium fires no loadend for a request reopened in flight or at readystatechange 4, and both
 * browsers fire the old loadend after a reopen in `onload`, at readyState 1 (OPENED), where it
 * ends nothing. A real loadend comes at readyState 4 (DONE), or 0 after abort() on a done request.
 */
import type { CaptureContext } from './context';
import { wrapMethod } from './native';
import { apply, arg, getter, now, on, record } from './platform';
import { absoluteUrl, readOpen, type RequestInfo } from './request-info';
import type { PageEvent } from '../protocol/page';

interface Sent {
  start: number;
  view: number;
  parent?: string;
  spanId?: string;
  error?: string;
  /**
   * While the browser's send() runs: a request opened over then from a `loadstart` listener was
   * never made. (One opened over from the body's toString was, and the browser sends the new one,
   * which gets no span: README, the XHR span.)
   */
  sending: boolean;
}

interface Request {
  /** The method and URL open() was given, worked out when first needed (readOpen). */
  describe: () => RequestInfo;
  info?: RequestInfo;
  /** Between a send() the browser took and its loadend. */
  sent?: Sent;
  /** The page set `traceparent` itself: never overridden. */
  own?: boolean;
  /**
   * While the browser's open() of this request runs: the state the object was in. That open()
   * converts its arguments (a URL's toString may call the page's code) and then, unless the object
   * was OPENED, makes it OPENED and fires readystatechange: page code at OPENED acts on this request.
   */
  from?: number;
  /** An open() from that readystatechange listener came after this one: its request is the object's. */
  overtaken?: boolean;
  /** A send() from that listener found this open() in effect (the send, or an abort() after it, may then leave OPENED). */
  took?: boolean;
  /** The object has our listeners (added at its first send, and passed on to each request it opens). */
  heard?: boolean;
}

const { get, set } = WeakMap.prototype;
const { toLowerCase } = String.prototype;
const OPENED = 1;
const DONE = 4;
const CAPTURE = { capture: true };

export function instrumentXhr({ emit, signal, trace }: CaptureContext): void {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const setHeader = proto.setRequestHeader;
  const status = getter(proto, 'status');
  const readyState = getter(proto, 'readyState');
  const responseUrl = getter(proto, 'responseURL');
  const requests = new WeakMap<XMLHttpRequest, Request>();
  const requestOf = (xhr: unknown) => apply(get, requests, [xhr]) as Request | undefined;
  const infoOf = (request: Request) => (request.info ??= request.describe());
  const stateOf = (xhr: unknown) => apply(readyState, xhr, []) as number;

  /** The span of a sent request, as the object stands now (read before an open() resets it). */
  const ended = (xhr: unknown, request: Request, sent: Sent): PageEvent => {
    const { error: failed, sending: _, ...ids } = sent;
    // Not done: cancelled (reopened in flight, with no event) or aborted after it was done. Done
    // with no code and no event heard yet (reopened from readystatechange 4): it failed.
    // A failure heard first says why (a timeout whose handler reset the object is still one).
    const code = apply(status, xhr, []) as number;
    const error = failed ?? (stateOf(xhr) !== DONE ? 'AbortError' : code ? undefined : 'NetworkError');
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
    /**
     * The request a browser's event is about. One the page dispatches itself is about none, nor
     * is one at OPENED to LOADING: an earlier request's, after the page opened the object again.
     */
    const sentFor = (event: Event) => {
      const state = stateOf(xhr);
      return event.isTrusted && (state < OPENED || state === DONE) ? requestOf(xhr)?.sent : undefined;
    };
    const fail = (name: string) => (event: Event) => {
      const sent = sentFor(event);
      if (sent) sent.error = name;
    };
    on(xhr, 'abort', fail('AbortError'), CAPTURE);
    on(xhr, 'error', fail('NetworkError'), CAPTURE);
    on(xhr, 'timeout', fail('TimeoutError'), CAPTURE);
    on(xhr, 'loadend', (event: Event) => {
      const sent = sentFor(event);
      if (!sent) return;
      const request = requestOf(xhr)!;
      request.sent = undefined;
      emit(ended(xhr, request, sent));
    }, CAPTURE);
  };

  /** Whether the browser has taken this request's open() (see `from`). */
  const inEffect = (request: Request, xhr: unknown) =>
    request.from === undefined || request.took || (request.from !== OPENED && stateOf(xhr) === OPENED && (request.took = true));

  const restoreOpen = wrapMethod(proto, 'open', (original, self, args) => {
    const before = requestOf(self);
    const sent = before?.sent;
    // An open() nested in the one before's (its arguments' conversion, or its readystatechange).
    if (before?.from !== undefined && inEffect(before, self)) before.overtaken = true;
    const from = before ? stateOf(self) : 0;
    // Read before the browser's open() resets the object, and detached: nothing else ends it
    // meanwhile. Opened over from within its own send(), at OPENED: it was never made.
    const pending = sent && !(sent.sending && from === OPENED) && ended(self, before, sent);
    if (sent) before.sent = undefined;
    // Records without a prototype: a page's Object.prototype getters never answer for their fields.
    const request = record<Request>({ describe: readOpen(arg(args, 0), arg(args, 1)), from, heard: before?.heard });
    // In force while the browser's open() runs (not for a primitive `this`, which it refuses as it is).
    if (typeof self === 'object' && self !== null) apply(set, requests, [self, request]);
    let result;
    try {
      result = apply(original, self, args);
    } catch (error) {
      // Refused (a bad method or URL): the request before stays in force, unless an open() from
      // one of its arguments' toString took the object.
      if (requestOf(self) === request) {
        apply(set, requests, [self, before]);
        if (sent) before.sent = sent;
      } else if (pending) emit(pending);
      throw error;
    } finally {
      request.from = undefined;
    }
    // The open() that came last is the object's: this one, unless one from its readystatechange came after.
    if (!request.overtaken) apply(set, requests, [self, request]);
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
  // abort() on a request done with a response (from its own onload) resets the object before its
  // loadend: the request is ended here, with its status. Done with none, it failed, and its
  // events (abort, error, timeout: this abort() may run inside them) say why at its loadend.
  const restoreAbort = wrapMethod(proto, 'abort', (original, self, args) => {
    const request = requestOf(self);
    const sent = request?.sent;
    if (sent && stateOf(self) === DONE && apply(status, self, [])) {
      request.sent = undefined;
      emit(ended(self, request, sent));
    }
    return apply(original, self, args);
  });
  const restoreSend = wrapMethod(proto, 'send', (original, self, args) => {
    const request = requestOf(self);
    // Not opened by us, sent already (the browser throws InvalidStateError), or from an open()'s
    // argument conversion (the request before, which that open() then cancels): passed on as it is.
    if (!request || request.sent || !inEffect(request, self)) return apply(original, self, args);
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
    // Before send(): a synchronous request ends inside it.
    if (!request.heard) {
      listen(xhr);
      request.heard = true;
    }
    const sent: Sent = record({ start: now(), view: trace.view, ...trace.during, ...(spanId ? { spanId } : {}), sending: true });
    request.sent = sent;
    const opened = stateOf(xhr) === OPENED;
    try {
      return apply(original, self, args);
    } catch (error) {
      if (request.sent === sent) {
        request.sent = undefined;
        // Taken and DONE: a synchronous request that failed, which throws with no event.
        if (opened && stateOf(xhr) === DONE) emit(ended(xhr, request, sent));
      }
      throw error;
    } finally {
      sent.sending = false;
    }
  });
  signal.addEventListener(
    'abort',
    () => {
      restoreOpen();
      restoreSend();
      restoreHeader();
      restoreAbort();
    },
    { once: true },
  );
}
