/**
 * The WebSocket capture under a fake DOM: a socket class with the platform's shape (brand-checked
 * getters on its prototype, a send() that throws while CONNECTING), what the page gets from the
 * wrapped constructor, and the event each socket ends with.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { attempt, useFakePage } from './support/fake-page';

/** Made by the fake socket's constructor: what it saw as new.target. */
let madeWith: unknown[] = [];

class FakeCloseEvent extends Event {
  readonly #code: number;
  readonly #clean: boolean;
  constructor(type: string, init: { code: number; wasClean: boolean }) {
    super(type);
    this.#code = init.code;
    this.#clean = init.wasClean;
  }
  get code() {
    return this.#code;
  }
  get wasClean() {
    return this.#clean;
  }
}

/** An event as the browser dispatches it (a page's own dispatchEvent() gives isTrusted false). */
const fromBrowser = <E extends Event>(event: E): E => Object.defineProperty(event, 'isTrusted', { value: true });

class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  readonly #url: string;
  #state = 0;
  #protocol = '';
  constructor(url: string, _protocols?: string | string[]) {
    super();
    if (arguments.length === 0) throw new TypeError("Failed to construct 'WebSocket': 1 argument required, but only 0 present.");
    const parsed = new URL(url);
    if (!/^wss?:$/.test(parsed.protocol)) throw new SyntaxError(`Failed to construct 'WebSocket': The URL's scheme must be either 'ws' or 'wss'. '${parsed.protocol}' is not allowed.`);
    this.#url = parsed.href;
    madeWith.push(new.target);
  }
  get url() {
    return this.#url;
  }
  get protocol() {
    return this.#protocol;
  }
  get readyState() {
    return this.#state;
  }
  send(_data: unknown) {
    if (this.#state === 0) throw new DOMException('Failed to execute send on WebSocket: Still in CONNECTING state.', 'InvalidStateError');
  }
  // What the network does, in the tests.
  opened(protocol = '') {
    this.#state = 1;
    this.#protocol = protocol;
    this.dispatchEvent(fromBrowser(new Event('open')));
  }
  receive(data: unknown) {
    this.dispatchEvent(fromBrowser(new MessageEvent('message', { data })));
  }
  closed(code: number, wasClean: boolean) {
    this.#state = 3;
    this.dispatchEvent(fromBrowser(new FakeCloseEvent('close', { code, wasClean })));
  }
}

const originalSend = FakeSocket.prototype.send;
beforeEach(() => {
  madeWith = [];
});
const fake = useFakePage({
  page: { WebSocket: FakeSocket },
  globals: () => ({ CloseEvent: FakeCloseEvent }),
  view: 2,
  start: async (context) => (await import('../src/capture/sockets')).instrumentWebSockets(context),
});

const Wrapped = () => fake.page.WebSocket;

describe('the WebSocket constructor, wrapped', () => {
  it('gives the page the platform socket, with its prototype, constructor and statics', () => {
    const WS = Wrapped();
    expect(WS).not.toBe(FakeSocket);
    const socket = new WS('wss://chat.test/live');
    expect(Object.getPrototypeOf(socket)).toBe(FakeSocket.prototype);
    expect(socket).toBeInstanceOf(WS);
    expect(socket).toBeInstanceOf(FakeSocket);
    expect(socket.constructor).toBe(WS);
    expect(madeWith).toEqual([FakeSocket]);
    expect([WS.CONNECTING, WS.OPEN, WS.name, WS.length]).toEqual([0, 1, 'FakeSocket', FakeSocket.length]);
    expect(Function.prototype.toString.call(WS)).toBe(Function.prototype.toString.call(FakeSocket));
    expect(WS.prototype).toBe(FakeSocket.prototype);
  });
  it('keeps subclasses working: their new.target, prototype and methods', () => {
    class Chat extends Wrapped() {
      hello() {
        return `hello ${this.url}`;
      }
    }
    const chat = new Chat('wss://chat.test/live');
    expect(madeWith).toEqual([Chat]);
    expect(Object.getPrototypeOf(chat)).toBe(Chat.prototype);
    expect(chat).toBeInstanceOf(Wrapped());
    expect(chat.hello()).toBe('hello wss://chat.test/live');
    chat.opened();
    chat.closed(1000, true);
    expect(fake.events).toMatchObject([{ type: 'websocket', url: 'wss://chat.test/live', code: 1000 }]);
  });
  it('throws what the platform throws, and records nothing of a socket never made', () => {
    const WS = Wrapped() as unknown as new (...args: unknown[]) => FakeSocket;
    expect(attempt(() => new WS())).toEqual(attempt(() => new (FakeSocket as unknown as new () => FakeSocket)()));
    expect(attempt(() => new WS('ftp://chat.test/'))).toEqual(attempt(() => new FakeSocket('ftp://chat.test/')));
    expect(attempt(() => (WS as unknown as (url: string) => void)('wss://chat.test/'))).toEqual(attempt(() => (FakeSocket as unknown as (url: string) => void)('wss://chat.test/')));
    fake.page.dispatchEvent(new Event('pagehide'));
    expect(fake.events).toEqual([]);
  });
  it('is put back, with send() and the prototype constructor, when capture stops', () => {
    fake.stop.abort();
    expect(fake.page.WebSocket).toBe(FakeSocket);
    expect(FakeSocket.prototype.send).toBe(originalSend);
    expect(FakeSocket.prototype.constructor).toBe(FakeSocket);
  });
});

describe('a WebSocket span', () => {
  it('counts and sizes what was sent and received (UTF-8 bytes, binary sizes), never a payload', async () => {
    const socket = new (Wrapped())('wss://chat.test/live?token=s3cret');
    // A CONNECTING socket throws, as it does without us, and nothing is counted.
    expect(attempt(() => socket.send('early'))).toEqual({ kind: DOMException.prototype, name: 'InvalidStateError', message: 'Failed to execute send on WebSocket: Still in CONNECTING state.' });
    socket.opened('chat.v2');
    for (const data of ['héllo', new ArrayBuffer(5), new Uint16Array(3), new Blob(['abcd']), new DataView(new ArrayBuffer(8), 2)]) expect(socket.send(data)).toBeUndefined();
    socket.receive('€');
    socket.receive(new ArrayBuffer(1024));
    socket.receive(new Blob(['xy']));
    expect(fake.events).toEqual([]);
    socket.closed(1000, true);
    expect(fake.events).toHaveLength(1);
    const [event] = fake.events;
    expect(event).toMatchObject({
      type: 'websocket',
      url: 'wss://chat.test/live?token=s3cret',
      view: 2,
      protocol: 'chat.v2',
      messages_sent: 5,
      bytes_sent: 6 + 5 + 6 + 4 + 6,
      messages_received: 3,
      bytes_received: 3 + 1024 + 2,
      code: 1000,
      clean: true,
      error: '',
    });
    expect(JSON.stringify(event)).not.toContain('héllo');
    const { parsePageSideBatch } = await import('../src/protocol/page');
    expect(parsePageSideBatch(fake.events).dropped).toBe(0);
  });
  it('counts only what the browser dispatches: a page’s own message, open or close event is none', () => {
    const socket = new (Wrapped())('wss://chat.test/live');
    socket.dispatchEvent(new Event('open'));
    socket.dispatchEvent(new MessageEvent('message', { data: 'forged' }));
    socket.dispatchEvent(new FakeCloseEvent('close', { code: 1000, wasClean: true }));
    expect(fake.events).toEqual([]);
    socket.opened();
    socket.receive('ok');
    socket.dispatchEvent(new MessageEvent('message', { data: 'forged again' }));
    socket.closed(1006, false);
    expect(fake.events).toMatchObject([{ messages_received: 1, bytes_received: 2, code: 1006, error: '1006' }]);
  });
  it("reads sizes through the platform's getters, never a page's patched ones", () => {
    const socket = new (Wrapped())('wss://chat.test/live');
    socket.opened();
    const reads: string[] = [];
    const patch = (proto: object, key: string) => {
      const own = Object.getOwnPropertyDescriptor(proto, key)!;
      Object.defineProperty(proto, key, { ...own, get: () => (reads.push(key), 0) });
      return () => Object.defineProperty(proto, key, own);
    };
    const restore = [patch(MessageEvent.prototype, 'data'), patch(Blob.prototype, 'size'), patch(ArrayBuffer.prototype, 'byteLength')];
    try {
      socket.send(new Blob(['abc']));
      socket.receive(new ArrayBuffer(7));
      socket.closed(1000, true);
    } finally {
      for (const put of restore) put();
    }
    expect(reads).toEqual([]);
    expect(fake.events).toMatchObject([{ bytes_sent: 3, bytes_received: 7 }]);
  });
  it('fails with HandshakeError when it never opened, with its code when it closed uncleanly', () => {
    const WS = Wrapped();
    const refused = new WS('wss://chat.test/nowhere');
    refused.closed(1006, false);
    const dropped = new WS('wss://chat.test/a');
    dropped.opened();
    dropped.closed(1011, true);
    const plain = new WS('wss://chat.test/b');
    plain.opened();
    plain.closed(1005, true);
    const away = new WS('wss://chat.test/c');
    away.opened();
    away.closed(1001, false);
    expect(fake.events.map((e) => e.type === 'websocket' && e.error)).toEqual(['HandshakeError', '1011', '', '1001']);
  });
  it('ends at pagehide while open, once: a close after it adds nothing', () => {
    const socket = new (Wrapped())('wss://chat.test/live');
    socket.opened();
    socket.receive('x');
    fake.page.dispatchEvent(new Event('pagehide'));
    expect(fake.events).toMatchObject([{ type: 'websocket', code: 0, clean: false, error: '', messages_received: 1 }]);
    socket.closed(1000, true);
    expect(fake.events).toHaveLength(1);
  });
  it('costs counters only in a flood: nothing is emitted until the socket ends', () => {
    const socket = new (Wrapped())('wss://chat.test/live');
    socket.opened();
    for (let i = 0; i < 10_000; i++) socket.receive('ok');
    expect(fake.events).toEqual([]);
    socket.closed(1000, true);
    expect(fake.events).toMatchObject([{ messages_received: 10_000, bytes_received: 20_000 }]);
  });
  it("never stops or cancels an event: the page's own listeners see each one as without us", () => {
    const socket = new (Wrapped())('wss://chat.test/live');
    const seen: string[] = [];
    for (const type of ['open', 'message', 'close']) socket.addEventListener(type, (event) => seen.push(`${type}:${event.defaultPrevented}`));
    socket.opened();
    socket.receive('x');
    socket.closed(1000, true);
    expect(seen).toEqual(['open:false', 'message:false', 'close:false']);
  });
});
