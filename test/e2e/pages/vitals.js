// A page with something to measure for each Web Vital: a large heading (LCP), a banner that
// shifts the content (CLS), a slow click handler that also fetches (INP). The test then leaves
// the page, which hides it for real, so web-vitals reports its final values.
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
});
// The browser reports an interaction's timing after its next paint, and web-vitals takes it into
// INP when the page is next idle (an interaction the page is hidden before that is lost to INP).
// The test waits for both before it leaves, as a user who reads on would: this page's own idle
// callback, asked for after the same entries reached web-vitals' observer, runs after its.
if (PerformanceObserver.supportedEntryTypes.includes('event')) {
  new PerformanceObserver((list) => {
    if (!list.getEntries().some((entry) => entry.interactionId > 0)) return;
    const idle = window.requestIdleCallback ?? ((run) => setTimeout(run, 0));
    idle(() => (document.documentElement.dataset.timed = '1'), { timeout: 1000 });
  }).observe({ type: 'event', durationThreshold: 16 });
} else {
  document.documentElement.dataset.timed = '1';
}
