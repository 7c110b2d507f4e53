/**
 * The capture of dedicated and module workers' errors under a fake DOM: a Worker class and an
 * ErrorEvent with the platform's shape (brand-checked getters on the prototype), what the page
 * gets from the wrapped constructor, and the exception each uncaught error becomes, once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageEvent } from '../src/protocol/page';

interface ErrorInit {
  message: string;
  filename: string;
  lineno: number;
  colno: number;
}

class FakeErrorEvent extends Event {
  readonly #init: ErrorInit;
  constructor(type: string, init: ErrorInit) {
    super(type, { cancelable: true });
    this.#init = init;
  }
  get message() {
    return this.#init.message;
  }
  get filename() {
    return this.#init.filename;
  }
  get lineno() {
    return this.#init.lineno;
  }
  get colno() {
    return this.#init.colno;
  }
  get error() {
    return this.#init && null;
  }
}

let madeWith: unknown[] = [];
class FakeWorker extends EventTarget {
  constructor(url: string | URL, options?: { type?: string }) {
    super();
    if (arguments.length === 0) throw new TypeError("Failed to construct 'Worker': 1 argument required, but only 0 present.");
    if (String(url).includes(' ')) throw new DOMException(`Failed to construct 'Worker': Script at '${url}' cannot be accessed from origin.`, 'SecurityError');
    if (options?.type !== undefined && options.type !== 'classic' && options.type !== 'module') throw new TypeError('bad type');
    madeWith.push(new.target);
  }
}

class FakeNode extends EventTarget {
  get baseURI() {
    return 'https://app.test/page';
  }
}

let events: PageEvent[];
let stop: AbortController;
let page: EventTarget & { Worker: typeof FakeWorker };

beforeEach(async () => {
  madeWith = [];
  events = [];
  stop = new AbortController();
  page = Object.assign(new EventTarget(), { Worker: FakeWorker });
  vi.stubGlobal('window', page);
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('ErrorEvent', FakeErrorEvent);
  vi.stubGlobal('Node', FakeNode);
  vi.stubGlobal('document', new FakeNode());
  // What errors.ts reads at load, and these tests do not use.
  for (const name of ['PromiseRejectionEvent', 'Element', 'SecurityPolicyViolationEvent', 'HTMLImageElement', 'HTMLScriptElement', 'HTMLLinkElement']) vi.stubGlobal(name, class {});
  vi.resetModules();
  const context = {
    emit: (event: PageEvent) => events.push(event),
    signal: stop.signal,
    trace: { view: 0, during: {} } as never,
    onLeave: () => undefined,
    onConfig: () => undefined,
  };
  const { captureWorkerErrors } = await import('../src/capture/workers');
  const { captureErrors } = await import('../src/capture/errors');
  captureWorkerErrors(context);
  captureErrors(context);
});
afterEach(() => {
  stop.abort();
  vi.unstubAllGlobals();
});

const attempt = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (error) {
    return { kind: Object.getPrototypeOf(error), name: (error as Error).name, message: (error as Error).message };
  }
};
const uncaught = (o: Partial<ErrorInit> = {}) => new FakeErrorEvent('error', { message: 'Uncaught TypeError: boom from a worker', filename: 'https://app.test/worker.js', lineno: 7, colno: 13, ...o });

describe('the Worker constructor, wrapped', () => {
  it('gives the page the platform worker; subclasses keep their new.target', () => {
    const W = page.Worker;
    expect(W).not.toBe(FakeWorker);
    const worker = new W('worker.js');
    expect(Object.getPrototypeOf(worker)).toBe(FakeWorker.prototype);
    expect(worker.constructor).toBe(W);
    class Pool extends W {}
    expect(new Pool('worker.js')).toBeInstanceOf(Pool);
    expect(madeWith).toEqual([FakeWorker, Pool]);
    expect(Function.prototype.toString.call(W)).toBe(Function.prototype.toString.call(FakeWorker));
  });
  it('throws what the platform throws (a missing argument, a refused script, a bad type)', () => {
    const W = page.Worker as unknown as new (...args: unknown[]) => FakeWorker;
    const Native = FakeWorker as unknown as new (...args: unknown[]) => FakeWorker;
    for (const args of [[], ['https://other .test/w.js'], ['w.js', { type: 'shared' }]]) expect(attempt(() => new W(...args))).toEqual(attempt(() => new Native(...args)));
  });
  it('is put back when capture stops', () => {
    stop.abort();
    expect(page.Worker).toBe(FakeWorker);
    expect(FakeWorker.prototype.constructor).toBe(FakeWorker);
  });
});

describe("a worker's uncaught error", () => {
  it("becomes an exception naming the worker's kind and script, and still reaches the page's onerror, not cancelled", () => {
    const worker = new page.Worker('worker.js?v=2', { type: 'module' });
    const seen: boolean[] = [];
    worker.addEventListener('error', (event) => seen.push(event.defaultPrevented));
    const event = uncaught();
    expect(worker.dispatchEvent(event)).toBe(true);
    expect(seen).toEqual([false]);
    expect(events).toEqual([
      {
        type: 'error',
        kind: 'error',
        time: expect.any(Number),
        errorType: 'TypeError',
        message: 'boom from a worker',
        file: 'https://app.test/worker.js',
        line: 7,
        column: 13,
        worker: 'module',
        script: 'https://app.test/worker.js?v=2',
      },
    ]);
  });
  it("is a dedicated worker's without a module type, and takes Firefox's message as it is", () => {
    const worker = new page.Worker(new URL('https://app.test/dedicated.js'));
    worker.dispatchEvent(uncaught({ message: 'RangeError: too far', filename: 'https://app.test/dedicated.js' }));
    expect(events).toMatchObject([{ errorType: 'RangeError', message: 'too far', worker: 'dedicated', script: 'https://app.test/dedicated.js' }]);
  });
  it('records nothing for a script that did not load (a plain error event)', () => {
    new page.Worker('missing.js').dispatchEvent(new Event('error'));
    expect(events).toEqual([]);
  });
  it("counts once when the browser reports it on the window again, and the window's own errors still count", () => {
    const worker = new page.Worker('worker.js');
    worker.dispatchEvent(uncaught());
    page.dispatchEvent(uncaught());
    page.dispatchEvent(uncaught());
    page.dispatchEvent(uncaught({ message: 'Uncaught ReferenceError: x is not defined', filename: 'https://app.test/app.js' }));
    expect(events.map((e) => e.type === 'error' && [e.errorType, e.file, e.worker])).toEqual([
      ['TypeError', 'https://app.test/worker.js', 'dedicated'],
      ['TypeError', 'https://app.test/worker.js', undefined],
      ['ReferenceError', 'https://app.test/app.js', undefined],
    ]);
  });
});
