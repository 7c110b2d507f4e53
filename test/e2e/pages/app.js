// A page that does one of each thing Spanlight captures. Served with and without a CSP that
// refuses WebAssembly, so it must stay an external script.
async function exercise() {
  await fetch('/api/data?token=secret123&q=shoes').then((r) => r.json());
  await new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/xhr');
    xhr.onloadend = resolve;
    xhr.send('hello');
  });
  await fetch('/api/missing');
  await fetch('http://127.0.0.1:9/unreachable').catch(() => {});
  const controller = new AbortController();
  const aborted = fetch('/api/slow', { signal: controller.signal }).catch(() => {});
  controller.abort();
  await aborted;
  // Aborted with a reason of the page's: the reason's class is the request's error type.
  const withReason = new AbortController();
  const stopped = fetch('/api/slow?reason', { signal: withReason.signal }).catch(() => {});
  withReason.abort(new RangeError('stopped by the page'));
  await stopped;
  // A failure nobody handles: the page's unhandledrejection listeners hear of it, and so do we.
  void fetch('http://127.0.0.1:9/unhandled');
  // A second send() is refused by the browser: one request, one span.
  const twice = new XMLHttpRequest();
  twice.open('GET', '/api/xhr?once');
  twice.send();
  try {
    twice.send();
  } catch {
    // InvalidStateError, the browser's own
  }
  // A body never read: Chromium makes no Resource Timing entry, and the span still comes.
  await fetch('/api/xhr?unread');
  setTimeout(() => {
    throw new TypeError('boom from page');
  }, 0);
  Promise.reject(new Error('rejected on purpose'));
  // Off by default: this must not become a span.
  console.error('logged, not captured by default');
  performance.mark('checkout-start');
  performance.measure('checkout', { start: 'checkout-start', duration: 12, detail: 'cart of 3' });
  setTimeout(() => (document.documentElement.dataset.ready = '1'), 10);
}
void exercise();
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('search').addEventListener('submit', (event) => event.preventDefault());
  document.getElementById('buy').addEventListener('click', () => {
    const until = performance.now() + 20;
    while (performance.now() < until); // a slow handler: the click span must cover it
  });
});
