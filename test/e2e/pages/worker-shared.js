// A shared worker: a fetch for each page that connects.
onconnect = (event) => {
  const port = event.ports[0];
  fetch('/api/data?from=shared')
    .then((r) => r.text())
    .then(() => port.postMessage('fetched'));
};
