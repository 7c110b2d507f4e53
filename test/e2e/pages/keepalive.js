// A keepalive fetch made as the page is left: the page never sees its answer.
addEventListener('pagehide', () => {
  void fetch('/api/data?from=keepalive', { method: 'POST', body: 'bye', keepalive: true });
});
document.documentElement.dataset.ready = '1';
