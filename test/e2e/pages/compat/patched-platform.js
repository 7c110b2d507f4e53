// Patches the platform's scheduling, event and serialisation functions the way zone.js, Sentry
// and others do, counting every call: while the page fetches, clicks and navigates, only its own
// calls may arrive here.
const R = __record;
const counts = {};
const count = (key) => (counts[key] = (counts[key] || 0) + 1);
function patch(owner, name, label) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function (...args) {
    count(label);
    return Reflect.apply(original, this, args);
  };
}
// What `then` and `await` read of a promise, made accessors as a polyfill might: the page's own
// awaits read them as often with the extension as without it, and the extension's never do.
const NativePromise = Promise;
const speciesOf = Object.getOwnPropertyDescriptor(Promise, Symbol.species).get;
Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, get() { count('Promise.prototype.constructor'); return NativePromise; } });
Object.defineProperty(Promise, Symbol.species, { configurable: true, get() { count('Promise[Symbol.species]'); return Reflect.apply(speciesOf, this, []); } });
patch(window, 'setTimeout', 'setTimeout');
patch(window, 'clearTimeout', 'clearTimeout');
patch(window, 'setInterval', 'setInterval');
patch(window, 'queueMicrotask', 'queueMicrotask');
patch(window, 'requestAnimationFrame', 'requestAnimationFrame');
patch(window, 'requestIdleCallback', 'requestIdleCallback');
patch(window, 'postMessage', 'window.postMessage');
patch(Promise.prototype, 'then', 'Promise.prototype.then');
patch(Promise.prototype, 'catch', 'Promise.prototype.catch');
patch(Promise.prototype, 'finally', 'Promise.prototype.finally');
patch(Promise, 'resolve', 'Promise.resolve');
patch(EventTarget.prototype, 'addEventListener', 'addEventListener');
patch(EventTarget.prototype, 'removeEventListener', 'removeEventListener');
patch(EventTarget.prototype, 'dispatchEvent', 'dispatchEvent');
patch(MessagePort.prototype, 'postMessage', 'MessagePort.postMessage');
patch(JSON, 'stringify', 'JSON.stringify');
patch(JSON, 'parse', 'JSON.parse');
patch(Date, 'now', 'Date.now');
patch(performance, 'now', 'performance.now');
patch(crypto, 'getRandomValues', 'crypto.getRandomValues');
patch(Object, 'defineProperty', 'Object.defineProperty');
patch(Array.prototype, 'push', 'Array.prototype.push');
patch(Function.prototype, 'apply', 'Function.prototype.apply');
patch(Function.prototype, 'bind', 'Function.prototype.bind');
// The page's calls to these in phase() itself are the same with or without the extension.
async function phase(name, fn) {
  for (const key of Object.keys(counts)) delete counts[key];
  try {
    await fn();
  } catch (e) {
    R.note(`${name}: threw`, e);
  }
  const seen = { ...counts };
  R.note(name, seen);
}
R.run(async () => {
  await phase('fetch, body unread', async () => void (await fetch('../api/json')).status);
  await phase('fetch, body read', async () => void (await (await fetch('../api/json')).text()));
  await phase('fetch failure', () => fetch('../api/destroy').catch(() => 'failed'));
  await phase('XHR', () => new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', '../api/json');
    x.onloadend = resolve;
    x.send();
  }));
  await phase('click()', () => document.getElementById('button').click());
  await phase('requestSubmit()', () => {
    const form = document.getElementById('form');
    form.onsubmit = (e) => e.preventDefault();
    form.requestSubmit();
  });
  await phase('pushState', () => history.pushState({}, '', '?patched=1'));
  await phase('error event', () => {
    const fired = R.nextEvent(window, 'error', 2000);
    setTimeout(() => { throw new Error('thrown in a timer'); });
    return fired;
  });
  await phase('console.error', () => console.error('page says', 1));
  await phase('performance.mark', () => performance.mark('page-mark'));
});
