// XMLHttpRequest objects opened again before their loadend reached every listener, as polling
// code does: from onload (both browsers then fire the first request's loadend after the second
// open, at readyState 1), from readystatechange 4 (Chromium then fires no loadend for the first),
// and over a request still in flight (cancelled, with no event).
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
    xhr.addEventListener('loadend', () => xhr.readyState === 4 && xhr.responseURL.endsWith(second) && resolve());
    xhr.open('GET', first);
    xhr.send();
    if (when === 'in-flight') again();
  });
}
(async () => {
  await reuse('/api/xhr?poll=1', '/api/xhr?poll=2', 'load');
  await reuse('/api/xhr?state=1', '/api/xhr?state=2', 'readystatechange');
  await reuse('/api/slow?xhr', '/api/xhr?after', 'in-flight');
  document.documentElement.dataset.ready = '1';
})();
