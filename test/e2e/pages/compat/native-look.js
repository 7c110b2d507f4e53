// What feature detection, anti-tamper code and libraries such as lodash read of the APIs a
// monitoring tool wraps: all of it must be the browser's own.
const R = __record;
R.run(async () => {
  const targets = [
    ['fetch', window, 'fetch'],
    ['XMLHttpRequest.prototype.open', XMLHttpRequest.prototype, 'open'],
    ['XMLHttpRequest.prototype.send', XMLHttpRequest.prototype, 'send'],
    ['XMLHttpRequest.prototype.setRequestHeader', XMLHttpRequest.prototype, 'setRequestHeader'],
    ['XMLHttpRequest.prototype.abort', XMLHttpRequest.prototype, 'abort'],
    ['History.prototype.pushState', History.prototype, 'pushState'],
    ['History.prototype.replaceState', History.prototype, 'replaceState'],
    ['EventTarget.prototype.addEventListener', EventTarget.prototype, 'addEventListener'],
    ['EventTarget.prototype.removeEventListener', EventTarget.prototype, 'removeEventListener'],
    ['EventTarget.prototype.dispatchEvent', EventTarget.prototype, 'dispatchEvent'],
    ['Function.prototype.toString', Function.prototype, 'toString'],
    ['Function.prototype.call', Function.prototype, 'call'],
    ['Promise.prototype.then', Promise.prototype, 'then'],
    ['setTimeout', window, 'setTimeout'],
    ['queueMicrotask', window, 'queueMicrotask'],
    ['postMessage', window, 'postMessage'],
    ['console.error', console, 'error'],
    ['console.log', console, 'log'],
    ['HTMLElement.prototype.click', HTMLElement.prototype, 'click'],
    ['HTMLFormElement.prototype.requestSubmit', HTMLFormElement.prototype, 'requestSubmit'],
    ['HTMLFormElement.prototype.submit', HTMLFormElement.prototype, 'submit'],
    ['Performance.prototype.mark', Performance.prototype, 'mark'],
    ['navigator.sendBeacon', Navigator.prototype, 'sendBeacon'],
    ['XMLHttpRequest', window, 'XMLHttpRequest'],
    ['Request', window, 'Request'],
    ['Response', window, 'Response'],
    ['PerformanceObserver', window, 'PerformanceObserver'],
    ['MessageChannel', window, 'MessageChannel'],
    ['EventSource', window, 'EventSource'],
    ['WebSocket', window, 'WebSocket'],
    ['WebSocket.prototype.send', WebSocket.prototype, 'send'],
    ['Worker', window, 'Worker'],
  ];
  for (const [name, owner, key] of targets) R.note(name, R.looks(owner[key], owner, key));
  R.note('same fetch', [window.fetch === fetch, self.fetch === fetch, globalThis.fetch === fetch]);
  R.note('own keys of history', Reflect.ownKeys(history).map(String));
  R.note('own keys of XMLHttpRequest.prototype', Reflect.ownKeys(XMLHttpRequest.prototype).map(String));
  R.note('own keys of History.prototype', Reflect.ownKeys(History.prototype).map(String));
  R.note('own keys of EventTarget.prototype', Reflect.ownKeys(EventTarget.prototype).map(String));
  R.note('own keys of WebSocket.prototype', Reflect.ownKeys(WebSocket.prototype).map(String));
  R.note('own keys of Worker.prototype', Reflect.ownKeys(Worker.prototype).map(String));
  R.note('constructors', [WebSocket.prototype.constructor === WebSocket, Worker.prototype.constructor === Worker, Object.getOwnPropertyDescriptor(WebSocket.prototype, 'constructor')]);
  R.note('WebSocket statics', [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, Object.keys(WebSocket)]);
  R.note('toString of toString', Function.prototype.toString.call(fetch.toString));
  // Called on the wrong receiver, a native throws its own TypeError, from the caller's frame.
  await R.step('fetch on a plain object', () => fetch.call({}, '../api/json'));
  await R.step('open on a plain object', () => XMLHttpRequest.prototype.open.call({}, 'GET', '../api/json'));
  await R.step('send on a plain object', () => XMLHttpRequest.prototype.send.call({}));
  await R.step('setRequestHeader on a plain object', () => XMLHttpRequest.prototype.setRequestHeader.call({}, 'a', 'b'));
  await R.step('pushState on a plain object', () => History.prototype.pushState.call({}, null, ''));
  await R.step('pushState without arguments', () => history.pushState());
  await R.step('replaceState to another origin', () => history.replaceState(null, '', 'http://example.invalid/'));
  await R.step('fetch called with new', () => new fetch('../api/json'));
  await R.step('open called with new', () => new XMLHttpRequest.prototype.open('GET', '/'));
  await R.step('pushState called with new', () => new history.pushState(null, ''));
  await R.step('WebSocket called without new', () => WebSocket('ws://127.0.0.1/'));
  await R.step('Worker called without new', () => Worker('worker-throws.js'));
  await R.step('send on a plain object', () => WebSocket.prototype.send.call({}, 'x'));
  await R.step('WebSocket called with new and a bad URL', () => new WebSocket('ws://[bad'));
  await R.step('Worker called with new and a bad URL', () => new Worker('http://[bad'));
});
