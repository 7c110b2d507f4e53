// A module worker: a fetch.
const response = await fetch('/api/data?from=module');
await response.text();
postMessage('fetched');
