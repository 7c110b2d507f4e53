/**
 * The capture of dedicated and module workers' errors under a fake DOM: a Worker class and an
 * ErrorEvent with the platform's shape (brand-checked getters on the prototype), what the page
 * gets from the wrapped constructor, and the exception each uncaught error becomes, once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { attempt, useFakePage } from './support/fake-page';

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

beforeEach(() => {
  madeWith = [];
});
const fake = useFakePage({
  page: { Worker: FakeWorker },
  globals: () => ({
    ErrorEvent: FakeErrorEvent,
    Node: FakeNode,
    document: new FakeNode(),
    // What errors.ts reads at load, and these tests do not use.
    ...Object.fromEntries(['PromiseRejectionEvent', 'Element', 'SecurityPolicyViolationEvent', 'HTMLImageElement', 'HTMLScriptElement', 'HTMLLinkElement'].map((name) => [name, class {}])),
  }),
  start: async (context) => {
    const { captureWorkerErrors } = await import('../src/capture/workers');
    const { captureErrors } = await import('../src/capture/errors');
    captureWorkerErrors(context);
    captureErrors(context);
  },
});

const uncaught = (o: Partial<ErrorInit> = {}) => new FakeErrorEvent('error', { message: 'Uncaught TypeError: boom from a worker', filename: 'https://app.test/worker.js', lineno: 7, colno: 13, ...o });

describe('the Worker constructor, wrapped', () => {
  it('gives the page the platform worker; subclasses keep their new.target', () => {
    const W = fake.page.Worker;
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
    const W = fake.page.Worker as unknown as new (...args: unknown[]) => FakeWorker;
    const Native = FakeWorker as unknown as new (...args: unknown[]) => FakeWorker;
    for (const args of [[], ['https://other .test/w.js'], ['w.js', { type: 'shared' }]]) expect(attempt(() => new W(...args))).toEqual(attempt(() => new Native(...args)));
  });
  it('is put back when capture stops', () => {
    fake.stop.abort();
    expect(fake.page.Worker).toBe(FakeWorker);
    expect(FakeWorker.prototype.constructor).toBe(FakeWorker);
  });
});

describe("a worker's uncaught error", () => {
  it("becomes an exception naming the worker's kind and script, and still reaches the page's onerror, not cancelled", () => {
    const worker = new fake.page.Worker('worker.js?v=2', { type: 'module' });
    const seen: boolean[] = [];
    worker.addEventListener('error', (event) => seen.push(event.defaultPrevented));
    const event = uncaught();
    expect(worker.dispatchEvent(event)).toBe(true);
    expect(seen).toEqual([false]);
    expect(fake.events).toEqual([
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
    const worker = new fake.page.Worker(new URL('https://app.test/dedicated.js'));
    worker.dispatchEvent(uncaught({ message: 'RangeError: too far', filename: 'https://app.test/dedicated.js' }));
    expect(fake.events).toMatchObject([{ errorType: 'RangeError', message: 'too far', worker: 'dedicated', script: 'https://app.test/dedicated.js' }]);
  });
  it('records nothing for a script that did not load (a plain error event)', () => {
    new fake.page.Worker('missing.js').dispatchEvent(new Event('error'));
    expect(fake.events).toEqual([]);
  });
  it("counts once when the browser reports it on the window again, and the window's own errors still count", () => {
    const worker = new fake.page.Worker('worker.js');
    worker.dispatchEvent(uncaught());
    fake.page.dispatchEvent(uncaught());
    fake.page.dispatchEvent(uncaught());
    fake.page.dispatchEvent(uncaught({ message: 'Uncaught ReferenceError: x is not defined', filename: 'https://app.test/app.js' }));
    expect(fake.events.map((e) => e.type === 'error' && [e.errorType, e.file, e.worker])).toEqual([
      ['TypeError', 'https://app.test/worker.js', 'dedicated'],
      ['TypeError', 'https://app.test/worker.js', undefined],
      ['ReferenceError', 'https://app.test/app.js', undefined],
    ]);
  });
});
