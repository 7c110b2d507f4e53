// The first script of every compatibility page: it keeps, in order, everything the page can see
// (its own log, errors and rejections dispatched to it, CSP violation events, DOM mutations,
// globals, performance entries) so the suite can compare a visit without the extension to one
// with it. It takes its own references to the platform first, so a case that patches or freezes
// the platform afterwards does not change how the record itself is kept.
(function () {
  const stringify = JSON.stringify;
  const getOwnPropertyNames = Object.getOwnPropertyNames;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const toStringTag = Object.prototype.toString;
  const fnToString = Function.prototype.toString;
  const call = Function.prototype.call.bind(Function.prototype.call);
  const arrayPush = Array.prototype.push;
  // The record's own appends, through the push taken here: a case that patches Array.prototype.push
  // counts the page's calls, not the record's (whose timing varies with the observer's).
  const push = (list, item) => call(arrayPush, list, item);
  const nativeSetTimeout = window.setTimeout.bind(window);
  const nativeFetch = window.fetch.bind(window);
  const nativeClearTimeout = window.clearTimeout.bind(window);
  const now = performance.now.bind(performance);
  const log = [];
  const prefix = location.pathname.replace(/compat\/[^/]*$/, '');

  function globalsNow() {
    const out = {};
    for (const name of getOwnPropertyNames(window)) {
      const d = getOwnPropertyDescriptor(window, name);
      out[name] = d ? ('value' in d ? `value:${typeof d.value}` : 'accessor') + (d.configurable ? '' : ':fixed') : 'none';
    }
    return out;
  }
  const globalsAtStart = globalsNow();
  const domAtStart = document.documentElement.outerHTML;

  /** A value as a plain, comparable object: errors keep everything a page or a monitor reads. */
  function describe(value, depth = 0) {
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value === undefined ? { undefined: true } : value;
    if (typeof value === 'string') return value;
    if (typeof value === 'bigint' || typeof value === 'symbol') return `${typeof value}:${String(value)}`;
    if (typeof value === 'function') return { function: value.name, length: value.length };
    let tag;
    try {
      tag = call(toStringTag, value);
    } catch (e) {
      tag = 'unreadable';
    }
    if (depth > 4) return { tag };
    if (value instanceof Error || tag === '[object Error]' || tag === '[object DOMException]') {
      const out = { tag, ctor: value.constructor && value.constructor.name, name: value.name, message: value.message, stack: String(value.stack) };
      if ('code' in value) out.code = value.code;
      if ('cause' in value) out.cause = describe(value.cause, depth + 1);
      for (const key of Object.keys(value)) if (!(key in out)) out[key] = describe(value[key], depth + 1);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => describe(v, depth + 1));
    if (tag === '[object Object]') {
      const out = {};
      for (const key of Object.keys(value)) out[key] = describe(value[key], depth + 1);
      return out;
    }
    return { tag };
  }

  function note(kind, value) {
    push(log, arguments.length > 1 ? [kind, describe(value)] : [kind]);
  }

  addEventListener(
    'error',
    (e) => {
      // Resource errors (a failed <img>) reach capturing window listeners with no message.
      if (!(e instanceof ErrorEvent)) return note('resource-error', { target: e.target && e.target.nodeName });
      note('error', { message: e.message, filename: e.filename, lineno: e.lineno, colno: e.colno, error: describe(e.error) });
    },
    true,
  );
  addEventListener('unhandledrejection', (e) => note('unhandledrejection', describe(e.reason)));
  addEventListener('rejectionhandled', (e) => note('rejectionhandled', describe(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) =>
    note('securitypolicyviolation', {
      violatedDirective: e.violatedDirective,
      effectiveDirective: e.effectiveDirective,
      blockedURI: e.blockedURI,
      sourceFile: e.sourceFile,
      lineNumber: e.lineNumber,
      disposition: e.disposition,
      sample: e.sample,
    }),
  );

  const mutations = [];
  // The platform's own getters, so the getters case counts none of the record's reads, whenever
  // the observer happens to run.
  const getter = (proto, key) => getOwnPropertyDescriptor(proto, key).get;
  const nodeType = getter(Node.prototype, 'nodeType');
  const nodeName = getter(Node.prototype, 'nodeName');
  const nodeValue = getter(Node.prototype, 'nodeValue');
  const elementId = getter(Element.prototype, 'id');
  const describeNode = (n) => {
    const name = call(nodeName, n);
    if (call(nodeType, n) !== 1) return `${name}:${String(call(nodeValue, n)).slice(0, 60)}`;
    const id = call(elementId, n);
    return `<${name.toLowerCase()}${id ? '#' + id : ''}>`;
  };
  const keep = (records) => {
    for (const r of records) {
      if (r.type === 'attributes') push(mutations, `attr ${describeNode(r.target)} ${r.attributeName}`);
      else if (r.type === 'characterData') push(mutations, `text ${describeNode(r.target)}`);
      else {
        for (const n of r.addedNodes) push(mutations, `add ${describeNode(n)} to ${describeNode(r.target)}`);
        for (const n of r.removedNodes) push(mutations, `remove ${describeNode(n)} from ${describeNode(r.target)}`);
      }
    }
  };
  const observer = new MutationObserver(keep);
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });

  /** Waits for the next `type` event on `target`, or `ms` without one (then resolves false). */
  function nextEvent(target, type, ms) {
    return new Promise((resolve) => {
      const timer = nativeSetTimeout(() => resolve(false), ms);
      target.addEventListener(type, function once(e) {
        target.removeEventListener(type, once);
        nativeClearTimeout(timer);
        resolve(e);
      });
    });
  }

  /** Waits until the server has received `count` requests tagged `tag` in this run. */
  async function seen(tag, count) {
    for (let i = 0; i < 200; i++) {
      const answer = await (await nativeFetch(`${prefix}api/seen?tag=${tag}`)).json();
      if (answer.seen >= count) return true;
      await new Promise((resolve) => nativeSetTimeout(resolve, 20));
    }
    return false;
  }

  /** Runs one step and logs what it returned or threw, under `name`. */
  async function step(name, fn) {
    try {
      note(name, { ok: await fn() });
    } catch (e) {
      note(name, { threw: describe(e) });
    }
  }

  /** Everything a native-looking function shows to the usual checks. */
  function looks(fn, owner, key) {
    const out = {};
    const attempt = (k, f) => {
      try {
        out[k] = describe(f());
      } catch (e) {
        out[k] = { threw: describe(e) };
      }
    };
    attempt('toStringCall', () => call(fnToString, fn));
    attempt('toString', () => fn.toString());
    attempt('String', () => String(fn));
    attempt('name', () => fn.name);
    attempt('length', () => fn.length);
    attempt('hasPrototype', () => 'prototype' in fn);
    // As a set: Firefox creates a built-in function's `name` and `length` when code first reaches
    // them, in the order it does (a String() of a Proxy of it reaches both at once), so their order
    // follows what ran before, natively too; which keys there are, and their descriptors, do not.
    attempt('ownKeys', () => Reflect.ownKeys(fn).map(String).sort());
    attempt('nameDescriptor', () => describe(getOwnPropertyDescriptor(fn, 'name')));
    attempt('lengthDescriptor', () => describe(getOwnPropertyDescriptor(fn, 'length')));
    attempt('proto', () => Object.getPrototypeOf(fn) === Function.prototype);
    attempt('construct', () => describe(Reflect.construct(fn, [])));
    attempt('new', () => {
      new fn();
      return 'constructed';
    });
    attempt('bindName', () => fn.bind(null).name);
    attempt('isExtensible', () => Object.isExtensible(fn));
    if (owner) {
      attempt('descriptor', () => {
        const d = getOwnPropertyDescriptor(owner, key);
        return d && { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, same: d.value === fn, get: typeof d.get };
      });
    }
    return out;
  }

  let finished = false;
  async function done() {
    // Two turns of the task queue, so events queued by the last step (errors, rejections,
    // mutations) reach their listeners before the record closes.
    await new Promise((resolve) => nativeSetTimeout(resolve, 0));
    await new Promise((resolve) => nativeSetTimeout(resolve, 0));
    keep(observer.takeRecords());
    observer.disconnect();
    const now = globalsNow();
    const globals = { added: {}, removed: [] };
    for (const name of Object.keys(now)) if (!(name in globalsAtStart)) globals.added[name] = now[name];
    for (const name of Object.keys(globalsAtStart)) if (!(name in now)) push(globals.removed, name);
    // Entries of the site's own requests are added whenever the browser gets to them (the server
    // compares those requests); entries for anything else, such as a file of an extension, count.
    const own = `${location.origin}/r/`;
    const entries = (type) =>
      performance
        .getEntriesByType(type)
        .filter((e) => !e.name.startsWith(own) && !/\/favicon\.ico$/.test(e.name))
        .map((e) => `${e.initiatorType || e.entryType} ${e.name}`)
        .sort();
    result = {
      log,
      mutations,
      globalsAtStart,
      globals,
      domAtStart,
      domAtEnd: document.documentElement.outerHTML,
      resources: entries('resource'),
      marks: entries('mark'),
      measures: entries('measure'),
      title: document.title,
      url: location.href,
    };
    finished = true;
    document.documentElement.dataset.done = '1';
  }
  /** Runs a case's scenario once the document is parsed, then closes the record. */
  function run(scenario) {
    const go = async () => {
      try {
        await scenario();
      } catch (e) {
        note('scenario threw', e);
      }
      await done();
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go, { once: true });
    else go();
  }

  /** Polls `condition` on the platform's own timer until it holds or `ms` pass; says which. */
  async function until(condition, ms) {
    for (const deadline = now() + ms; now() < deadline; ) {
      if (condition()) return true;
      await new Promise((resolve) => nativeSetTimeout(resolve, 10));
    }
    return condition();
  }

  let result;
  const record = { run, until, note, describe, step, looks, nextEvent, seen, done, prefix, json: () => stringify(finished ? result : { unfinished: true, log, mutations }) };
  Object.defineProperty(window, '__record', { value: Object.freeze(record) });
})();
