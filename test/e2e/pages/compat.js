// What pages and libraries check of fetch, XHR and history: it must all look and act native.
async function check() {
  const results = {};
  const native = (fn) => /\{\s*\[native code\]\s*\}/.test(fn.toString());
  results.fetchLooksNative = native(fetch) && fetch.name === 'fetch' && fetch.length === 1;
  const xhr = XMLHttpRequest.prototype;
  results.xhrLooksNative = native(xhr.open) && xhr.open.length === 2 && xhr.send.length === 0 && xhr.setRequestHeader.length === 2;
  results.historyLooksNative = native(history.pushState) && history.pushState.length === 2 && history.replaceState.length === 2;
  results.illegalInvocation = await fetch.call({}, '/api/data').then(() => false, (e) => e instanceof TypeError);
  results.urlArgument = (await fetch(new URL('/api/data', location.href))).status === 200;
  const posted = await fetch(new Request('/api/xhr', { method: 'POST', body: 'hello' }));
  results.requestWithBody = posted.status === 200 && (await posted.text()) === 'ok';
  results.badUrlRejects = await fetch('http://[bad').then(() => false, (e) => e instanceof TypeError);
  results.responseIsResponse = (await fetch('/api/data')) instanceof Response;
  document.documentElement.dataset.compat = JSON.stringify(results);
}
document.addEventListener('DOMContentLoaded', () => void check());
