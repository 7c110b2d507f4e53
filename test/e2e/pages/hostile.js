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
  document.getElementById('after').addEventListener('click', () => {
    void fetch('/api/data?after-attack')
      .then((response) => response.text())
      .then((text) => (document.documentElement.dataset.done = pageParse(text).items.length));
  });
});
