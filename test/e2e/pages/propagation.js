// Requests that may or may not get `traceparent`, sent on a click (after the extension's config).
// The page's own query string, if any, is added to the first one's, to tell runs apart.
async function callBackend() {
  await fetch(`/api/trace?via=fetch${location.search.replace('?', '&')}`);
  // Past the click's end, which a zero-delay timer after its handlers marks: on a loaded machine
  // the response can come first, and a request made then is still the click's child.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', '/api/trace?via=xhr');
    xhr.setRequestHeader('tracestate', 'page=xhr');
    xhr.onloadend = resolve;
    xhr.send();
  });
  await fetch(new Request('/api/trace?via=request', { headers: { 'x-page': 'kept', tracestate: 'page=request' } }));
  await fetch('/api/trace?via=own', { headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' } });
  // Another origin (localhost, not 127.0.0.1), not allowed: must leave unchanged (no preflight).
  await fetch(`http://localhost:${location.port}/api/trace?via=cross`).catch(() => {});
  document.documentElement.dataset.done = '1';
}
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('go').addEventListener('click', () => void callBackend());
  document.documentElement.dataset.ready = '1';
});
