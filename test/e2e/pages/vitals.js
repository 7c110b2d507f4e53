// A page with something to measure for each Web Vital: a large heading (LCP), a banner that
// shifts the content (CLS), a slow click handler that also fetches (INP); "hide" makes the page hidden, as a tab
// switch does, so web-vitals reports its final values.
window.addEventListener('load', () => {
  setTimeout(() => {
    const banner = document.createElement('div');
    banner.style.height = '200px';
    banner.textContent = 'A late banner';
    document.body.prepend(banner);
    document.documentElement.dataset.ready = '1';
  }, 100);
});
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('slow').addEventListener('click', () => {
    void fetch('/api/data?from=click');
    const until = performance.now() + 150;
    while (performance.now() < until);
    document.documentElement.dataset.clicked = '1';
  });
  document.getElementById('hide').addEventListener('click', () => {
    setTimeout(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      document.documentElement.dataset.hidden = '1';
    }, 300);
  });
});
