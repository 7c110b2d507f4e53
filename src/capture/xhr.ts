/** Client spans for XMLHttpRequest, from send() to loadend. */
import type { Emit } from './page-channel';
import { describeOpen, type RequestInfo } from './request-info';

export function instrumentXhr(emit: Emit, signal: AbortSignal): void {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const { open, send } = proto;
  const requests = new WeakMap<XMLHttpRequest, RequestInfo>();
  const now = performance.now.bind(performance);

  const wrappedOpen = function (this: XMLHttpRequest, method: string, url: string | URL) {
    requests.set(this, describeOpen(method, url));
    // eslint-disable-next-line prefer-rest-params -- open has optional async/user/password arguments
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  };
  const wrappedSend = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const request = requests.get(this);
    if (request) {
      const start = now();
      let error: string | undefined;
      const fail = (name: string) => () => (error = name);
      this.addEventListener('abort', fail('AbortError'), { once: true });
      this.addEventListener('error', fail('NetworkError'), { once: true });
      this.addEventListener('timeout', fail('TimeoutError'), { once: true });
      this.addEventListener(
        'loadend',
        () => {
          const status = error ? 0 : this.status;
          emit({ type: 'http', api: 'xhr', ...request, start, end: now(), status, ...(error ? { error } : {}) });
        },
        { once: true },
      );
    }
    return send.call(this, body);
  };
  proto.open = wrappedOpen as typeof proto.open;
  proto.send = wrappedSend;
  signal.addEventListener(
    'abort',
    () => {
      if (proto.open === wrappedOpen) proto.open = open;
      if (proto.send === wrappedSend) proto.send = send;
    },
    { once: true },
  );
}
