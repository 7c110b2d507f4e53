// A hardened page freezes the prototypes the platform's APIs live on before using them, as SES
// and security-minded sites do: everything must keep working, and nothing may throw.
const R = __record;
const frozen = [Object.prototype, Array.prototype, Function.prototype, Promise.prototype, Promise, Error.prototype, TypeError.prototype, EventTarget.prototype, Node.prototype, Element.prototype, HTMLElement.prototype, XMLHttpRequest.prototype, XMLHttpRequestEventTarget.prototype, History.prototype, Request.prototype, Response.prototype, Headers.prototype, URL.prototype, AbortSignal.prototype, Event.prototype, JSON, Math, Reflect, Map.prototype, Set.prototype, WeakMap.prototype, String.prototype, RegExp.prototype, Symbol.prototype, Object, Array];
for (const o of frozen) Object.freeze(o);
R.note('frozen', frozen.map((o) => Object.isFrozen(o)));
R.run(async () => {
  await R.step('fetch', async () => (await (await fetch('../api/json')).json()).items);
  await R.step('fetch failure', () => fetch('../api/destroy'));
  await R.step('XHR', () => new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('POST', '../api/echo');
    x.setRequestHeader('x-a', '1');
    x.onloadend = () => resolve([x.status, x.responseText]);
    x.send('frozen');
  }));
  await R.step('pushState', () => history.pushState({ n: 1 }, '', '?frozen=1'));
  await R.step('replaceState', () => history.replaceState({ n: 2 }, '', '?frozen=2'));
  await R.step('click()', () => document.getElementById('button').click());
  await R.step('error event', () => {
    const fired = R.nextEvent(window, 'error', 2000);
    setTimeout(() => { throw new TypeError('frozen page error'); });
    return fired.then((e) => !!e);
  });
  await R.step('unhandled rejection', () => {
    const fired = R.nextEvent(window, 'unhandledrejection', 2000);
    void Promise.reject(new RangeError('frozen rejection'));
    return fired.then((e) => !!e);
  });
  await R.step('performance.mark', () => performance.mark('frozen-mark').name);
  // Frozen after use: fetch itself and the XHR constructor.
  Object.freeze(window.fetch);
  Object.freeze(XMLHttpRequest);
  await R.step('fetch after freezing it', async () => (await fetch('../api/json')).status);
});
