// Counts every call the page's own getters and methods get while fetch, XHR, history, errors and
// console run: a wrapper that reads arguments or results again is seen by the page.
const R = __record;
const counts = {};
const count = (key) => (counts[key] = (counts[key] || 0) + 1);
function countCalls(proto, label, names) {
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d || !d.configurable) continue;
    if (d.get) Object.defineProperty(proto, name, { ...d, get() { count(`${label}.${String(name)}`); return d.get.call(this); } });
    else if (typeof d.value === 'function') {
      const original = d.value;
      Object.defineProperty(proto, name, { ...d, value: function (...args) { count(`${label}.${String(name)}()`); return original.apply(this, args); } });
    }
  }
}
countCalls(Request.prototype, 'Request', ['url', 'method', 'headers', 'body', 'signal', 'credentials', 'mode', 'cache', 'redirect', 'referrer', 'integrity', 'keepalive', 'duplex', 'bodyUsed', 'clone', 'text', 'arrayBuffer']);
countCalls(Response.prototype, 'Response', ['status', 'ok', 'statusText', 'url', 'headers', 'type', 'redirected', 'body', 'bodyUsed', 'clone', 'text', 'json', 'arrayBuffer', 'blob']);
countCalls(Headers.prototype, 'Headers', ['get', 'has', 'set', 'append', 'forEach', 'entries', 'keys', 'values', Symbol.iterator]);
countCalls(XMLHttpRequest.prototype, 'XMLHttpRequest', ['readyState', 'status', 'statusText', 'responseURL', 'response', 'responseText', 'responseType', 'getResponseHeader', 'getAllResponseHeaders']);
countCalls(URL.prototype, 'URL', ['href', 'toString', 'toJSON', 'origin', 'host', 'pathname', 'protocol', 'search']);
countCalls(AbortSignal.prototype, 'AbortSignal', ['aborted', 'reason', 'throwIfAborted']);
countCalls(Event.prototype, 'Event', ['target', 'type', 'timeStamp', 'isTrusted', 'currentTarget', 'composedPath']);
countCalls(ErrorEvent.prototype, 'ErrorEvent', ['message', 'error', 'filename', 'lineno', 'colno']);
countCalls(PromiseRejectionEvent.prototype, 'PromiseRejectionEvent', ['reason', 'promise']);
countCalls(History.prototype, 'History', ['state', 'length']);
countCalls(Element.prototype, 'Element', ['tagName', 'id', 'getAttribute', 'closest', 'matches', 'getBoundingClientRect']);
countCalls(Node.prototype, 'Node', ['nodeName', 'textContent', 'parentNode', 'nodeType']);
countCalls(Performance.prototype, 'Performance', ['now', 'getEntriesByType', 'getEntriesByName', 'mark', 'measure']);
countCalls(Document.prototype, 'Document', ['visibilityState', 'readyState', 'URL', 'title']);
countCalls(Location.prototype ?? {}, 'Location', ['href']);
async function phase(name, fn) {
  for (const key of Object.keys(counts)) delete counts[key];
  try {
    await fn();
  } catch (e) {
    R.note(`${name}: threw`, e);
  }
  R.note(name, { ...counts });
}
const urlLike = (path) => ({ toString() { count('argument.toString()'); return path; } });
const countingInit = (init) => new Proxy(init, { get(target, key, receiver) { count(`init.${String(key)}`); return Reflect.get(target, key, receiver); }, has(target, key) { count(`init has ${String(key)}`); return key in target; } });
R.run(async () => {
  await phase('fetch(string)', async () => void (await (await fetch('../api/json')).text()));
  await phase('fetch(object with toString)', async () => void (await fetch(urlLike('../api/json'))).status);
  await phase('fetch(URL)', async () => void (await fetch(new URL('../api/json', location.href))).status);
  await phase('fetch(Request)', async () => void (await fetch(new Request('../api/echo', { method: 'POST', body: 'x' }))).status);
  await phase('fetch(string, init)', async () => void (await fetch('../api/echo', countingInit({ method: 'POST', body: 'x', headers: { 'x-a': '1' }, signal: new AbortController().signal }))).status);
  await phase('new Request(init) then fetch', async () => {
    const req = new Request('../api/echo', countingInit({ method: 'POST', body: 'y' }));
    for (const key of Object.keys(counts)) delete counts[key];
    void (await fetch(req)).status;
  });
  await phase('fetch failure', () => fetch('../api/destroy').catch(() => {}));
  await phase('XHR', () => new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', urlLike('../api/json'));
    x.setRequestHeader('x-a', '1');
    x.onloadend = resolve;
    x.send();
  }));
  await phase('arguments left out (getters on Array.prototype)', async () => {
    const indexes = [0, 1, 2, 3, 4];
    for (const i of indexes) Object.defineProperty(Array.prototype, i, { configurable: true, get() { count(`Array.prototype[${i}]`); return undefined; } });
    try {
      await fetch('../api/json').then((r) => r.text());
      await fetch().catch((e) => count(`fetch() ${e.name}`));
      const x = new XMLHttpRequest();
      try { x.open('GET'); } catch (e) { count(`open() ${e.name}`); }
      x.open('GET', '../api/json');
      try { x.setRequestHeader('x-a'); } catch (e) { count(`setRequestHeader() ${e.name}`); }
      await new Promise((resolve) => { x.onloadend = resolve; x.send(); });
      history.pushState(null, '');
    } finally {
      for (const i of indexes) delete Array.prototype[i];
    }
  });
  await phase('pushState(URL-like)', () => history.pushState({ n: 1 }, '', urlLike('?pushed=1')));
  await phase('replaceState(string)', () => history.replaceState({ n: 2 }, '', '?replaced=1'));
  await phase('click()', () => document.getElementById('button').click());
  await phase('thrown error', async () => {
    const error = new Error('page error');
    const fired = R.nextEvent(window, 'error', 2000);
    setTimeout(() => { throw error; });
    await fired;
  });
  await phase('error with getters', async () => {
    const error = { get message() { count('thrown.message'); return 'm'; }, get stack() { count('thrown.stack'); return 's'; }, get name() { count('thrown.name'); return 'n'; }, toString() { count('thrown.toString()'); return 'thrown'; } };
    const fired = R.nextEvent(window, 'error', 2000);
    setTimeout(() => { throw error; });
    await fired;
  });
  await phase('unhandled rejection with getters', async () => {
    const reason = { get message() { count('reason.message'); return 'm'; }, get stack() { count('reason.stack'); return 's'; }, toString() { count('reason.toString()'); return 'reason'; } };
    const fired = R.nextEvent(window, 'unhandledrejection', 2000);
    void Promise.reject(reason);
    await fired;
  });
  await phase('console.error(object)', () => console.error('logged', { get a() { count('logged.a'); return 1; }, toString() { count('logged.toString()'); return 'logged'; }, toJSON() { count('logged.toJSON()'); return {}; } }));
});
