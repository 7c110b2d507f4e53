// A hostile page. It runs after Spanlight's page side (document_start) and tries to forge its
// messages, flood it, feed it huge and deep values, pollute prototypes and redefine the APIs it
// uses. Spanlight must store nothing forged, count what it drops, and keep tracing this page.
const FORGED = 'https://forged.example/';
const forgedEvent = { type: 'http', api: 'fetch', method: 'GET', url: FORGED, start: 1, end: 2, status: 200 };
const FLOOD = 1_000_000;

// Look-alike handshakes with ports, and forged events pushed through them.
for (let i = 0; i < 3; i++) {
  const { port1, port2 } = new MessageChannel();
  window.postMessage({ type: 'spanlight:hello' }, '*', [port2]);
  port1.postMessage([forgedEvent]);
}
// Guessed names for the private DOM event.
for (const name of ['spanlight', 'spanlight:flush', 'spanlight:events', '0'.repeat(32)]) {
  window.dispatchEvent(new CustomEvent(name, { detail: JSON.stringify([forgedEvent]) }));
}

// Spies on what Spanlight's page side might call after document_start, to learn the private
// event's name or read and rewrite its events. Whatever they learn is replayed as a forgery, and
// what they saw is left on the page for the test to read.
// (The page's own bookkeeping avoids what it patches: index writes, join, no JSON.)
const seen = [];
const spy = (what, value) => {
  if (value && typeof value === 'object' && (value.type === 'http' || value.api || value.flushEvent || value.traceId)) seen[seen.length] = what;
  if (typeof value === 'string' && /^[0-9a-f]{32}$/.test(value)) seen[seen.length] = `${what}: a 32-hex string`;
};
const report = () => (document.documentElement.dataset.spied = seen.slice(0, 20).join(' | '));
const NativeCustomEvent = window.CustomEvent;
window.CustomEvent = function (type, init) {
  spy('CustomEvent type', type);
  spy('CustomEvent detail', init && init.detail);
  return new NativeCustomEvent(type, init);
};
const pageDispatch = EventTarget.prototype.dispatchEvent;
EventTarget.prototype.dispatchEvent = function (event) {
  spy('dispatchEvent', event.type);
  return pageDispatch.call(this, event);
};
const dataGetter = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get;
Object.defineProperty(MessageEvent.prototype, 'data', {
  configurable: true,
  get() {
    const data = dataGetter.call(this);
    spy('MessageEvent.data', data);
    return data;
  },
});
const pagePush = Array.prototype.push;
Array.prototype.push = function (...items) {
  for (const item of items) spy('Array.prototype.push', item);
  return pagePush.apply(this, items);
};
Object.defineProperty(Object.prototype, 'detail', { configurable: true, get: () => (spy('Object.prototype.detail', 'read'), undefined), set(v) { Object.defineProperty(this, 'detail', { value: v, writable: true, enumerable: true, configurable: true }); } });
Object.prototype.toJSON = function () {
  spy('toJSON', this);
  return [forgedEvent];
};
setTimeout(report, 0);

// A pathological string for each redaction rule, in an error message and a URL.
setTimeout(() => {
  throw new Error(`${'a'.repeat(16_000)}@`);
}, 0);
void fetch(`/api/data?x=${'1'.repeat(3000)}&y=${'a.'.repeat(1500)}%40`).catch(() => {});

// Prototype pollution: every object now seems to be a forged request.
Object.prototype.type = 'http';
Object.prototype.url = FORGED;
Object.prototype.spanId = 'ffffffffffffffff';
Object.prototype.off = true;
Array.prototype.forged = FORGED;

// Huge and deep values.
performance.measure(`huge-${'m'.repeat(1_000_000)}`);
let deep = {};
for (let i = 0; i < 100_000; i++) deep = { deep };
try {
  performance.measure('deep', { detail: deep }); // the browser may refuse to clone it
} catch {
  // refused: the rejection below still carries it
}
Promise.reject(deep);
setTimeout(() => {
  throw new Error(`huge-error ${'e'.repeat(5_000_000)}`);
}, 0);

// The APIs Spanlight's page side touches, redefined (the page's own wrappers call through).
const pageFetch = window.fetch;
window.fetch = function hijackedFetch(...args) {
  return pageFetch.apply(this, args);
};
const PageXhr = window.XMLHttpRequest;
window.XMLHttpRequest = function HijackedXhr() {
  return new PageXhr();
};
const pageAddEventListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, listener, options) {
  return pageAddEventListener.call(this, type, listener, options);
};
const pagePostMessage = window.postMessage.bind(window);
window.postMessage = (message, ...rest) => pagePostMessage(message, ...rest);
const pageParse = JSON.parse;
const forgedJson = `[{"type":"http","api":"fetch","method":"GET","url":"${FORGED}","start":1,"end":2,"status":200}]`;
JSON.stringify = () => forgedJson;
JSON.parse = (text) => pageParse(text);

// A flood of look-alike handshakes, in slices so the page stays alive, then some real work.
let sent = 0;
function flood() {
  const end = Math.min(FLOOD, sent + 100_000);
  for (; sent < end; sent++) pagePostMessage({ type: 'spanlight:hello' }, '*');
  if (sent < FLOOD) return void setTimeout(flood, 0);
  // And a flood through the capture path itself: far more measures than the rate limit takes.
  for (let i = 0; i < 100_000; i++) performance.measure(`flood-${i}`);
  setTimeout(() => (document.documentElement.dataset.flooded = '1'), 0);
}
flood();
setTimeout(() => (document.documentElement.dataset.ready = '1'), 0);

document.addEventListener('DOMContentLoaded', () => {
  // Refreshed after the page's own work, which the page side recorded under the spies' noses.
  setTimeout(report, 100);
  document.getElementById('after').addEventListener('click', () => {
    report();
    void fetch('/api/data?after-attack')
      .then((response) => response.text())
      .then((text) => (document.documentElement.dataset.done = pageParse(text).items.length));
  });
});
