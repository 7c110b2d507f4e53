/** Client spans for XMLHttpRequest, from send() to loadend. */
import type { CaptureContext } from './context';
import { disguise } from './disguise';
import { describeOpen, type RequestInfo } from './request-info';

export function instrumentXhr({ signal, trace, resources }: CaptureContext): void {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const { open, send, setRequestHeader } = proto;
  const requests = new WeakMap<XMLHttpRequest, RequestInfo>();
  /** Requests whose page set `traceparent` itself: never overridden. */
  const ownTraceparent = new WeakSet<XMLHttpRequest>();
  const now = performance.now.bind(performance);

  const wrappedSetRequestHeader = function (this: XMLHttpRequest, name: string, _value: string) {
    if (String(name).toLowerCase() === 'traceparent') ownTraceparent.add(this);
    // eslint-disable-next-line prefer-rest-params -- pass the call on exactly as it was made
    return setRequestHeader.apply(this, arguments as unknown as [string, string]);
  };
  const wrappedOpen = function (this: XMLHttpRequest, method: string, url: string | URL) {
    requests.set(this, describeOpen(method, url));
    ownTraceparent.delete(this);
    // eslint-disable-next-line prefer-rest-params -- open has optional async/user/password arguments
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  };
  const wrappedSend = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const request = requests.get(this);
    if (request) {
      const start = now();
      const view = trace.view;
      const during = trace.during;
      let error: string | undefined;
      let spanId: string | undefined;
      const propagation = ownTraceparent.has(this) ? undefined : trace.headerFor(request.url);
      if (propagation) {
        try {
          setRequestHeader.call(this, 'traceparent', propagation.traceparent);
          spanId = propagation.spanId;
        } catch {
          // not in the OPENED state: the browser will say so to the page itself
        }
      }
      const fail = (name: string) => () => (error = name);
      this.addEventListener('abort', fail('AbortError'), { once: true });
      this.addEventListener('error', fail('NetworkError'), { once: true });
      this.addEventListener('timeout', fail('TimeoutError'), { once: true });
      this.addEventListener(
        'loadend',
        () => {
          const status = error ? 0 : this.status;
          resources.finished({ type: 'http', api: 'xhr', ...request, start, end: now(), status, view, ...during, ...(error ? { error } : {}), ...(spanId ? { spanId } : {}) });
        },
        { once: true },
      );
    }
    return send.call(this, body);
  };
  proto.open = disguise(wrappedOpen, open as typeof wrappedOpen) as typeof proto.open;
  proto.send = disguise(wrappedSend, send);
  proto.setRequestHeader = disguise(wrappedSetRequestHeader, setRequestHeader);
  signal.addEventListener(
    'abort',
    () => {
      if (proto.open === wrappedOpen) proto.open = open;
      if (proto.send === wrappedSend) proto.send = send;
      if (proto.setRequestHeader === wrappedSetRequestHeader) proto.setRequestHeader = setRequestHeader;
    },
    { once: true },
  );
}
