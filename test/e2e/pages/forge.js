// A hostile page: it offers the bridge its own port, as Spanlight's page side does, and pushes a
// made-up request through it. The bridge must ignore the port and count the attempt.
const { port1, port2 } = new MessageChannel();
window.postMessage({ type: 'spanlight:hello' }, '*', [port2]);
port1.postMessage([
  { type: 'http', api: 'fetch', method: 'GET', url: 'https://forged.example/', start: 1, end: 2, status: 200 },
]);
setTimeout(() => (document.documentElement.dataset.ready = '1'), 50);
