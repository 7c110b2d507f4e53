// The click handler measures its work with User Timing; the test closes the tab right after.
// Ready once the browser has reported the page's largest paint (LCP), so there is an LCP to lose.
// The first input makes LCP final, and web-vitals reports it at the next idle moment (or when the
// page is hidden, which Firefox makes known only after pagehide as a tab closes): the page marks
// that moment with its own idle callback, asked for after web-vitals' (whose click listener, on
// window in the capture phase, runs before this one).
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('save').addEventListener('click', () => {
    performance.mark('save-start');
    performance.measure('save', { start: 'save-start', duration: 5 });
    const idle = window.requestIdleCallback ?? ((run) => setTimeout(run, 0));
    idle(() => (document.documentElement.dataset.idle = '1'), { timeout: 1000 });
  });
});
const painted = new Promise((resolve) => {
  if (!PerformanceObserver.supportedEntryTypes.includes('largest-contentful-paint')) return resolve();
  new PerformanceObserver(() => resolve()).observe({ type: 'largest-contentful-paint', buffered: true });
});
window.addEventListener('load', () => painted.then(() => setTimeout(() => (document.documentElement.dataset.ready = '1'), 50)));
