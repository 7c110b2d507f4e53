// XMLHttpRequest objects opened again before their loadend reached every listener, as polling
// code does: from onload (both browsers then fire the first request's loadend after the second
// open, at readyState 1), from readystatechange 4 (Chromium then fires no loadend for the first),
// over a request still in flight (cancelled, with no event), from ontimeout (which runs before a
// listener added later), and from onloadstart (the first request is then never made). Also a
// request aborted from its own onload, one given an event the page dispatched itself, and an open()
// whose URL's toString opens the object again (the outer call's arguments win).
function reuse(first, second, when) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let opened = 0;
    const again = () => {
      if (opened++ > 0) return;
      xhr.open('GET', second);
      xhr.send();
    };
    if (when === 'load') xhr.onload = again;
    if (when === 'readystatechange') xhr.onreadystatechange = () => xhr.readyState === 4 && again();
    if (when === 'timeout') xhr.ontimeout = again;
    if (when === 'loadstart') xhr.onloadstart = again;
    xhr.addEventListener('loadend', () => xhr.readyState === 4 && xhr.responseURL.endsWith(second) && resolve());
    xhr.open('GET', first);
    if (when === 'timeout') xhr.timeout = 50;
    xhr.send();
    if (when === 'in-flight') again();
  });
}
function once(url, drive, send = true) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.addEventListener('loadend', () => xhr.readyState !== 1 && resolve());
    drive(xhr);
    if (send) xhr.send();
  });
}
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A request in flight on `xhr`, then `reopen(xhr)` over it, then a send. */
async function overInFlight(name, reopen) {
  const xhr = new XMLHttpRequest();
  const done = new Promise((resolve) => xhr.addEventListener('loadend', () => xhr.readyState === 4 && xhr.status === 200 && resolve()));
  xhr.open('GET', `/api/slow?${name}`);
  xhr.send();
  await wait(20);
  reopen(xhr);
  xhr.send();
  await done;
}
(async () => {
  await reuse('/api/xhr?poll=1', '/api/xhr?poll=2', 'load');
  await reuse('/api/xhr?state=1', '/api/xhr?state=2', 'readystatechange');
  await reuse('/api/slow?xhr', '/api/xhr?after', 'in-flight');
  await reuse('/api/slow?timeout', '/api/xhr?after-timeout', 'timeout');
  await reuse('/api/xhr?never', '/api/xhr?instead', 'loadstart');
  await once('/api/xhr?aborted-when-done', (x) => {
    x.onload = () => x.abort();
    x.open('GET', '/api/xhr?aborted-when-done');
  });
  await once('/api/xhr?dispatched', (x) => {
    x.onload = () => (x.dispatchEvent(new Event('error')), x.dispatchEvent(new Event('timeout')));
    x.open('GET', '/api/xhr?dispatched');
  });
  await once('/api/xhr?outer', (x) => x.open('POST', { toString: () => (x.open('GET', '/api/xhr?inner'), '/api/xhr?outer') }));
  // From the readystatechange that open() fires: a send(), and an open() that comes after the outer one.
  await once('/api/xhr?rsc-send', (x) => {
    let n = 0;
    x.onreadystatechange = () => x.readyState === 1 && !n++ && x.send();
    x.open('GET', '/api/xhr?rsc-send');
  }, false);
  await once('/api/xhr?rsc-inner', (x) => {
    let n = 0;
    x.onreadystatechange = () => x.readyState === 1 && !n++ && x.open('GET', '/api/xhr?rsc-inner');
    x.open('POST', '/api/xhr?rsc-outer');
  });
  // From that readystatechange, a send() and an abort() (the object leaves OPENED), then an open().
  await once('/api/xhr?rsc-abort-inner', (x) => {
    let n = 0;
    x.onreadystatechange = () => x.readyState === 1 && !n++ && (x.send('a'), x.abort(), x.open('GET', '/api/xhr?rsc-abort-inner'));
    x.open('POST', '/api/xhr?rsc-abort-outer');
  });
  // Over a request in flight, from the URL's toString: an abort(), and an open() (the outer one comes last).
  await overInFlight('aborted-in-tostring', (x) => x.open('GET', { toString: () => (x.abort(), '/api/xhr?after-abort') }));
  await overInFlight('reopened-in-tostring', (x) => x.open('GET', { toString: () => (x.open('GET', '/api/xhr?nested'), '/api/xhr?last') }));
  // abort() from the readystatechange 4 that an abort() in flight, or a timeout, fires: the
  // request failed, and says why at its loadend.
  await once('/api/slow?abort-in-abort', (x) => {
    x.onreadystatechange = () => x.readyState === 4 && x.abort();
    x.open('GET', '/api/slow?abort-in-abort');
    setTimeout(() => x.abort(), 20);
  });
  await once('/api/slow?abort-in-timeout', (x) => {
    x.onreadystatechange = () => x.readyState === 4 && x.abort();
    x.open('GET', '/api/slow?abort-in-timeout');
    x.timeout = 50;
  });
  // Synchronous: a request that fails (Chromium throws from send() and fires no loadend), and a
  // send() the browser refuses on an object whose request is done (no second span).
  const unreachable = new XMLHttpRequest();
  unreachable.open('GET', 'http://127.0.0.1:9/sync-unreachable', false);
  try {
    unreachable.send();
  } catch {}
  const twice = new XMLHttpRequest();
  twice.open('GET', '/api/xhr?sync-twice', false);
  twice.send();
  try {
    twice.send();
  } catch {}
  document.documentElement.dataset.ready = '1';
})();
