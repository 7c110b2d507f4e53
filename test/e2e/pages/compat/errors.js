// Errors as the page and its error monitor see them: thrown in timers, listeners and handlers,
// rejected promises, reportError, resource failures and console output.
const R = __record;
const errorAfter = (start) => {
  const fired = R.nextEvent(window, 'error', 2000);
  start();
  return fired.then((e) => !!e);
};
R.run(async () => {
  await R.step('timer throws', () => errorAfter(() => setTimeout(() => { throw new Error('from a timer'); })));
  await R.step('listener throws', () => errorAfter(() => {
    const target = new EventTarget();
    target.addEventListener('ping', () => { throw new TypeError('from a listener'); });
    target.dispatchEvent(new Event('ping'));
  }));
  await R.step('click handler throws', () => errorAfter(() => {
    const button = document.getElementById('button');
    button.onclick = () => null.property;
    button.click();
    button.onclick = null;
  }));
  await R.step('string thrown', () => errorAfter(() => setTimeout(() => { throw 'a string'; })));
  await R.step('object thrown', () => errorAfter(() => setTimeout(() => { throw { code: 7 }; })));
  await R.step('reportError', () => errorAfter(() => reportError(new RangeError('reported'))));
  await R.step('script with a syntax error', () => errorAfter(() => {
    const s = document.createElement('script');
    s.src = 'syntax-error.js';
    document.head.append(s);
  }));
  await R.step('onerror returning true', () => errorAfter(() => {
    window.onerror = () => true;
    setTimeout(() => { throw new Error('suppressed'); window.onerror = null; });
  }));
  window.onerror = null;
  await R.step('rejection', () => {
    const fired = R.nextEvent(window, 'unhandledrejection', 2000);
    void Promise.reject(new Error('rejected'));
    return fired.then((e) => !!e);
  });
  await R.step('rejection with undefined', () => {
    const fired = R.nextEvent(window, 'unhandledrejection', 2000);
    void Promise.reject();
    return fired.then((e) => !!e);
  });
  await R.step('async function throws', () => {
    const fired = R.nextEvent(window, 'unhandledrejection', 2000);
    void (async () => { throw new SyntaxError('async'); })();
    return fired.then((e) => !!e);
  });
  await R.step('image fails', () => new Promise((resolve) => {
    const img = new Image();
    img.onerror = () => resolve('error');
    img.src = '../api/status?code=404';
    document.body.append(img);
  }));
  // Workers' uncaught errors: what reaches the Worker's onerror, and the window after it.
  for (const [name, options, cancel] of [['classic', undefined, false], ['module', { type: 'module' }, false], ['handled', undefined, true]]) {
    await R.step(`${name} worker throws`, () => new Promise((resolve) => {
      const worker = new Worker('worker-throws.js', options);
      worker.onerror = (e) => {
        R.note('worker error', { message: e.message, file: String(e.filename).replace(/^.*\//, ''), lineno: e.lineno, colno: e.colno, error: R.describe(e.error), cancelable: e.cancelable, defaultPrevented: e.defaultPrevented, errorEvent: e instanceof ErrorEvent });
        if (cancel) e.preventDefault();
        // Reported again on the window, where the browser does: the record's own listener notes it.
        R.nextEvent(window, 'error', 500).then(() => {
          worker.terminate();
          resolve(name);
        });
      };
    }));
  }
  await R.step('worker of a missing script', () => new Promise((resolve) => {
    const worker = new Worker('../api/status?code=404');
    worker.onerror = (e) => resolve([e.constructor.name, e instanceof ErrorEvent, e.defaultPrevented]);
  }));
  await R.step('worker without a URL', () => new Worker());
  await R.step('worker of another origin', () => new Worker('http://example.invalid/w.js'));
  console.log('log', 1, { a: [1, 2] });
  console.info('info');
  console.warn('warn');
  console.error('error', new Error('in console'));
  console.debug('debug');
  console.assert(false, 'assertion');
  console.error(new TypeError('error object'));
});
