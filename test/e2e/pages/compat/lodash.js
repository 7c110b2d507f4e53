// lodash's _.isNative, the check many libraries use to trust a platform function.
const R = __record;
R.run(async () => {
  const checks = {
    fetch: window.fetch,
    open: XMLHttpRequest.prototype.open,
    send: XMLHttpRequest.prototype.send,
    setRequestHeader: XMLHttpRequest.prototype.setRequestHeader,
    pushState: history.pushState,
    replaceState: history.replaceState,
    addEventListener: EventTarget.prototype.addEventListener,
    removeEventListener: EventTarget.prototype.removeEventListener,
    toString: Function.prototype.toString,
    setTimeout: window.setTimeout,
    then: Promise.prototype.then,
    consoleError: console.error,
    click: HTMLElement.prototype.click,
    requestSubmit: HTMLFormElement.prototype.requestSubmit,
  };
  for (const [name, fn] of Object.entries(checks)) R.note(name, { isNative: _.isNative(fn), isFunction: _.isFunction(fn), keys: _.keys(fn), keysIn: _.keysIn(fn) });
  R.note('clone of a Response', Object.keys(_.clone(await fetch('../api/json'))));
  R.note('debounce', await new Promise((resolve) => _.debounce(() => resolve('debounced'), 0)()));
});
