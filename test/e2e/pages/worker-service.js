// The page's service worker: takes control at once, and fetches when asked.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  fetch('/api/data?from=service')
    .then((r) => r.text())
    .then(() => event.source.postMessage('fetched'));
});
