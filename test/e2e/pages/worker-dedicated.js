// A dedicated worker: a fetch, then an error nobody in the worker handles.
fetch('/api/data?from=dedicated')
  .then((r) => r.text())
  .then(() => {
    postMessage('fetched');
    setTimeout(() => {
      throw new TypeError('boom from a worker');
    }, 0);
  });
