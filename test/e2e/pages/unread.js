// A fetch whose response body the page never reads (Chromium then makes no Resource Timing
// entry for it): the page notes when the response came.
window.addEventListener('load', () => (document.documentElement.dataset.ready = '1'));
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('fetch').addEventListener('click', async () => {
    const response = await fetch('/api/large');
    window.kept = response; // held, never read
    document.documentElement.dataset.status = String(response.status);
    document.documentElement.dataset.resolved = String(Date.now());
  });
});
