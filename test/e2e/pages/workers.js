// Requests the page's own fetch and XHR never see: a dedicated, a module and a shared worker
// fetching, the page's service worker fetching, a beacon, an EventSource and a WebSocket.
async function exercise() {
  const done = (name) => (document.documentElement.dataset[name] = '1');
  const dedicated = new Worker('worker-dedicated.js');
  dedicated.onmessage = () => done('dedicated');
  dedicated.onerror = (event) => {
    event.preventDefault();
    done('dedicatedError');
  };
  const module = new Worker('worker-module.js', { type: 'module' });
  module.onmessage = () => done('module');
  const shared = new SharedWorker('worker-shared.js');
  shared.port.onmessage = () => done('shared');
  shared.port.start();
  navigator.sendBeacon('/api/beacon', 'hello');
  const events = new EventSource('/api/events');
  events.onmessage = () => {
    events.close();
    done('events');
  };
  const socket = new WebSocket(`ws://${location.host}/api/socket`);
  socket.onopen = () => socket.send('ping');
  socket.onmessage = () => {
    socket.close();
    done('socket');
  };
  const registration = await navigator.serviceWorker.register('worker-service.js');
  await navigator.serviceWorker.ready;
  const worker = registration.active;
  navigator.serviceWorker.onmessage = () => done('service');
  worker.postMessage('fetch');
  done('ready');
}
void exercise();
