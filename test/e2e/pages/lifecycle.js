// The click handler measures its work with User Timing; the test closes the tab right after.
// Ready once the browser has reported the page's largest paint (LCP), so there is an LCP to lose.
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('save').addEventListener('click', () => {
    performance.mark('save-start');
    performance.measure('save', { start: 'save-start', duration: 5 });
  });
});
const painted = new Promise((resolve) => {
  if (!PerformanceObserver.supportedEntryTypes.includes('largest-contentful-paint')) return resolve();
  new PerformanceObserver(() => resolve()).observe({ type: 'largest-contentful-paint', buffered: true });
});
window.addEventListener('load', () => painted.then(() => setTimeout(() => (document.documentElement.dataset.ready = '1'), 50)));
