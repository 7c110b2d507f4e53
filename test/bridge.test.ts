/**
 * The bridge's composition (src/bridge/bridge.ts), with its browser ends replaced: the
 * background link records what is sent, the settings, the page side's port and private events,
 * and the observers are driven by the test. Its stages have tests of their own
 * (test/bridge-stages.test.ts); this checks how they are put together.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureConfig } from '../src/capture-config';
import type { BridgeMessage } from '../src/protocol/bridge';
import type { PageConfig, PageEvent, VitalName } from '../src/protocol/page';

const ends = vi.hoisted(() => ({
  sent: [] as { message: unknown; items?: number }[],
  link: { lost: 0 },
  capture: undefined as ((config: unknown) => void) | undefined,
  observers: undefined as unknown as { emit(event: unknown): void; signal: AbortSignal; onLeave(finish: () => void): void },
  pageConfigs: [] as unknown[],
  port: undefined as unknown as { onBatch(data: unknown): void; onForged(): void },
  privateEvents: new Map<string, (detail: unknown, event: Event) => void>(),
  /** The next followCaptureConfig throws (as the extension APIs do once the extension is reloaded). */
  failSettings: false,
}));

vi.mock('../src/bridge/background-link', () => ({
  BackgroundLink: class {
    get lost() {
      return ends.link.lost;
    }
    set lost(n: number) {
      ends.link.lost = n;
    }
    send(message: unknown, items?: number) {
      ends.sent.push({ message, items });
    }
  },
}));
vi.mock('../src/capture-config', async (original) => ({
  ...(await original<typeof import('../src/capture-config')>()),
  followCaptureConfig: (listener: (config: unknown) => void) => {
    if (ends.failSettings) throw new Error('Extension context invalidated.');
    ends.capture = listener;
  },
}));
// The next task is the fake timers' (test/next-task.test.ts holds the real one to its word).
vi.mock('../src/bridge/next-task', () => ({ onNextTask: (run: () => void) => setTimeout(run, 0) }));
vi.mock('../src/observe', () => ({ startObservers: (context: typeof ends.observers) => (ends.observers = context) }));
vi.mock('../src/observe/resources', () => ({
  // A request's Resource Timing entry is found at once.
  ResourceTimings: class {
    constructor(private readonly emit: (event: unknown) => void) {}
    finished(event: unknown) {
      this.emit(event);
    }
    leave() {}
  },
}));
vi.mock('../src/bridge/page-port', () => ({
  acceptPagePort: (handlers: typeof ends.port) => {
    ends.port = handlers;
    return (config: unknown) => ends.pageConfigs.push(config);
  },
}));
vi.mock('../src/bridge/private-event', () => ({
  onPrivateEvent: (name: string, handle: (detail: unknown, event: Event) => void) => ends.privateEvents.set(name, handle),
}));

const { startBridge } = await import('../src/bridge/bridge');
const { DEFAULT_CAPTURE_CONFIG } = await import('../src/capture-config');

const ORIGIN = 'https://shop.example';
const measure = (name: string): PageEvent => ({ type: 'measure', name, start: 1, end: 2 });
/** What the page side sends (a measure from it would be a forgery: the bridge observes those itself). */
const error = (message: string): PageEvent => ({ type: 'error', kind: 'error', time: 1, errorType: 'Error', message });
const messages = () => ends.sent.map((s) => s.message as BridgeMessage);
const batches = () => messages().filter((m): m is Extract<BridgeMessage, { type: 'events' }> => m.type === 'events');
const names = () => batches().map((b) => b.events.map((e) => (e as { name?: string }).name ?? (e as { message?: string }).message ?? e.type));
const configure = (config: Partial<CaptureConfig> = {}) => ends.capture!({ ...DEFAULT_CAPTURE_CONFIG, ...config });
const lastPageConfig = () => ends.pageConfigs.at(-1) as PageConfig & { type: 'config' };

let stop: AbortController;
/** Starts a bridge as at document_start, and runs the task after it, where the rest of it starts. */
const begin = () => {
  startBridge(stop.signal);
  vi.advanceTimersByTime(0);
};
/** Idle callbacks asked for, with their options; run by idle(). */
let idleCallbacks: { run: () => void; timeout?: number }[];
const idle = () => idleCallbacks.splice(0).forEach((c) => c.run());
let window_: EventTarget;
let document_: EventTarget & { visibilityState: string };

beforeEach(() => {
  vi.useFakeTimers();
  ends.sent = [];
  ends.link.lost = 0;
  ends.pageConfigs = [];
  ends.privateEvents.clear();
  window_ = new EventTarget();
  document_ = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  vi.stubGlobal('window', window_);
  vi.stubGlobal('document', document_);
  vi.stubGlobal('location', { href: `${ORIGIN}/`, origin: ORIGIN, hostname: 'shop.example' });
  idleCallbacks = [];
  vi.stubGlobal('requestIdleCallback', (run: () => void, options?: { timeout?: number }) => idleCallbacks.push({ run, timeout: options?.timeout }));
  ends.observers = undefined as unknown as typeof ends.observers;
  stop = new AbortController();
  begin();
  idle();
});
afterEach(() => {
  stop.abort();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the bridge', () => {
  it('at document_start only listens for the handshake; the rest starts on the next task', () => {
    stop.abort();
    ends.sent = [];
    ends.capture = undefined;
    ends.port = undefined as unknown as typeof ends.port;
    ends.privateEvents.clear();
    stop = new AbortController();
    startBridge(stop.signal);
    expect(ends.port).toBeDefined();
    // No message to the background, no settings asked for, no private event listened to yet.
    expect(ends.sent).toEqual([]);
    expect(ends.capture).toBeUndefined();
    expect(ends.privateEvents.size).toBe(0);
    vi.advanceTimersByTime(0);
    expect(messages().map((m) => m.type)).toEqual(['view']);
    expect(ends.capture).toBeTypeOf('function');
    expect(ends.privateEvents.size).toBe(2);
  });

  it('takes the document’s URL at document_start, before a page script changes it', () => {
    stop.abort();
    ends.sent = [];
    stop = new AbortController();
    startBridge(stop.signal);
    vi.stubGlobal('location', { href: `${ORIGIN}/changed-by-pushState`, origin: ORIGIN, hostname: 'shop.example' });
    vi.advanceTimersByTime(0);
    expect((messages()[0] as { page: { url: string } }).page.url).toBe(`${ORIGIN}/`);
  });

  it('starts the rest at once when the page side’s first batch comes before that task', () => {
    stop.abort();
    ends.sent = [];
    stop = new AbortController();
    startBridge(stop.signal);
    ends.port.onBatch([error('before the task')]);
    expect(messages().map((m) => m.type)).toEqual(['view']);
    configure();
    expect(names()).toEqual([['before the task']]);
    // Started once: the task finds it started.
    vi.advanceTimersByTime(0);
    expect(messages().filter((m) => m.type === 'view')).toHaveLength(1);
  });

  it('starts the rest at once on a forged hello before that task, and counts it', () => {
    stop.abort();
    ends.sent = [];
    stop = new AbortController();
    startBridge(stop.signal);
    ends.port.onForged();
    vi.advanceTimersByTime(0);
    expect(messages().map((m) => m.type)).toEqual(['view']);
    configure();
    ends.port.onBatch([error('after')]);
    vi.advanceTimersByTime(300);
    expect(names().flat()).toEqual(['after']);
    expect(batches().reduce((n, b) => n + b.dropped, 0)).toBe(1);
  });

  it('does not start again on each batch when starting threw (the extension reloaded meanwhile)', () => {
    stop.abort();
    ends.sent = [];
    ends.privateEvents.clear();
    stop = new AbortController();
    ends.failSettings = true;
    try {
      startBridge(stop.signal);
      expect(() => vi.advanceTimersByTime(0)).toThrow('Extension context invalidated.');
      for (let i = 0; i < 3; i++) ends.port.onBatch([error(`${i}`)]);
      ends.port.onForged();
    } finally {
      ends.failSettings = false;
    }
    // One page view named, one pair of private events: not one per batch.
    expect(messages().map((m) => m.type)).toEqual(['view']);
    expect(ends.privateEvents.size).toBe(2);
  });

  it('hears nothing of a pagehide before that task, and sends what comes after it once started', () => {
    stop.abort();
    ends.sent = [];
    ends.observers = undefined as unknown as typeof ends.observers;
    stop = new AbortController();
    startBridge(stop.signal);
    // A page put in the back/forward cache before the task: its timers and messages wait for its return.
    window_.dispatchEvent(new Event('pagehide'));
    expect(ends.sent).toEqual([]);
    expect(ends.observers).toBeUndefined();
    window_.dispatchEvent(new Event('pageshow'));
    vi.advanceTimersByTime(0);
    configure();
    ends.port.onBatch([error('restored')]);
    vi.advanceTimersByTime(300);
    expect(names()).toEqual([['restored']]);
  });

  it('starts its observers at the page’s first idle moment (within a second), not at document_start', () => {
    stop.abort();
    ends.observers = undefined as unknown as typeof ends.observers;
    stop = new AbortController();
    begin();
    expect(ends.observers).toBeUndefined();
    expect(idleCallbacks.map((c) => c.timeout)).toEqual([1000]);
    idle();
    expect(ends.observers.signal.aborted).toBe(false);
  });

  it('starts them as the page is left, if that comes first, and sends what they report then', () => {
    stop.abort();
    ends.observers = undefined as unknown as typeof ends.observers;
    stop = new AbortController();
    begin();
    configure();
    window_.dispatchEvent(new Event('pagehide'));
    expect(ends.observers).toBeDefined();
    ends.observers.emit(measure('as it goes'));
    expect(names()).toEqual([['as it goes']]);
    // Once only.
    const started = ends.observers;
    idle();
    expect(ends.observers).toBe(started);
  });

  it('cuts the document’s URL as the page side cuts every URL, so the core can redact it whole', () => {
    stop.abort();
    ends.sent = [];
    const long = `${ORIGIN}/p?q=${'x'.repeat(5000)}`;
    vi.stubGlobal('location', { href: long, origin: ORIGIN, hostname: 'shop.example' });
    stop = new AbortController();
    begin();
    expect((messages()[0] as { page: { url: string } }).page.url).toBe(long.slice(0, 4096));
  });

  it('does not start them where capture is off', () => {
    stop.abort();
    ends.observers = undefined as unknown as typeof ends.observers;
    stop = new AbortController();
    begin();
    configure({ offSites: ['shop.example'] });
    idle();
    window_.dispatchEvent(new Event('pagehide'));
    expect(ends.observers).toBeUndefined();
  });

  it('names its page view at once, and holds what it observes until the settings say capture is on', () => {
    const [view] = messages();
    expect(view).toMatchObject({ type: 'view', page: { url: `${ORIGIN}/` }, dropped: 0 });
    ends.observers.emit(measure('early'));
    vi.advanceTimersByTime(1000);
    expect(batches()).toEqual([]);
    configure();
    expect(names()).toEqual([['early']]);
    expect(batches()[0]!.page).toBe((view as { page: unknown }).page);
    expect(lastPageConfig()).toMatchObject({ type: 'config', traceId: batches()[0]!.page.traceId, off: false, propagate: false });
  });

  it('on a site where capture is off: sends nothing it held, stops its observers, tells the page side, and takes nothing more', () => {
    ends.observers.emit(measure('early'));
    configure({ offSites: ['shop.example'] });
    expect(batches()).toEqual([]);
    expect(ends.observers.signal.aborted).toBe(true);
    expect(lastPageConfig()).toMatchObject({ off: true });
    ends.port.onBatch([error('later')]);
    ends.observers.emit(measure('later'));
    vi.advanceTimersByTime(1000);
    expect(messages().map((m) => m.type)).toEqual(['view']);
  });

  it('sends a lone event on the next task, and a burst at most once per window', () => {
    configure();
    ends.observers.emit(measure('lone'));
    expect(batches()).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(names()).toEqual([['lone']]);
    vi.advanceTimersByTime(10);
    ends.observers.emit(measure('a'));
    ends.observers.emit(measure('b'));
    vi.advanceTimersByTime(200);
    expect(names()).toEqual([['lone']]);
    vi.advanceTimersByTime(40);
    expect(names()).toEqual([['lone'], ['a', 'b']]);
  });

  it('sends LCP, INP and CLS at once, with what the window held; FCP and TTFB with the window', () => {
    const vital = (name: VitalName): PageEvent => ({ type: 'vital', name, value: 120, id: name, delta: 120, rating: 'good', navigationType: 'navigate', time: 5, attribution: {}, view: 0 });
    configure();
    ends.observers.emit(measure('lone'));
    vi.advanceTimersByTime(10);
    ends.observers.emit(measure('held'));
    ends.observers.emit(vital('FCP'));
    ends.observers.emit(vital('TTFB'));
    expect(names()).toEqual([['lone']]);
    ends.observers.emit(vital('LCP'));
    expect(names()).toEqual([['lone'], ['held', 'FCP', 'TTFB', 'LCP']]);
    ends.observers.emit(vital('INP'));
    ends.observers.emit(vital('CLS'));
    expect(names()).toEqual([['lone'], ['held', 'FCP', 'TTFB', 'LCP'], ['INP'], ['CLS']]);
  });

  it('sends a full batch at once, and the page side’s batches within its dispatch', () => {
    configure();
    for (let i = 0; i < 500; i++) ends.observers.emit(measure(`${i}`));
    expect(batches()).toHaveLength(1);
    expect(ends.sent.at(-1)!.items).toBe(500);
    const flushEvent = lastPageConfig().flushEvent;
    ends.privateEvents.get(flushEvent)!([error('from the page'), measure('forged')], new Event(flushEvent));
    expect(names().at(-1)).toEqual(['from the page']);
    expect(batches().at(-1)!.dropped).toBe(1);
  });

  it('counts what it drops (malformed, forged, a route to another origin) in the next batch', () => {
    configure();
    ends.port.onBatch([error('ok'), { type: 'error', message: 7 }]);
    ends.port.onForged();
    ends.port.onBatch([{ type: 'route', trigger: 'pushState', url: 'https://elsewhere.example/', time: 1, traceId: 'c'.repeat(32), view: 1 }]);
    ends.link.lost = 3;
    vi.advanceTimersByTime(300);
    expect(names()).toEqual([['ok']]);
    expect(batches()[0]!.dropped).toBe(1 + 1 + 1 + 3);
    expect(ends.link.lost).toBe(0);
  });

  it('takes at most 2000 events a second, and reports the rest as dropped', () => {
    configure();
    for (let i = 0; i < 2001; i++) ends.observers.emit(measure(`${i}`));
    vi.advanceTimersByTime(300);
    expect(batches().reduce((n, b) => n + b.events.length, 0)).toBe(2000);
    expect(batches().reduce((n, b) => n + b.dropped, 0)).toBe(1);
    vi.advanceTimersByTime(1000);
    ends.observers.emit(measure('next second'));
    vi.advanceTimersByTime(300);
    expect(names().at(-1)).toEqual(['next second']);
  });

  it('begins a page view at a route change: named to the background and the page side, and later events in it', () => {
    configure();
    const first = batches().length;
    const traceId = 'd'.repeat(32);
    ends.port.onBatch([{ type: 'route', trigger: 'pushState', url: `${ORIGIN}/cart`, time: 1, traceId, view: 1 }, { ...error('in cart'), view: 1 }]);
    expect(messages().filter((m) => m.type === 'view').map((m) => m.page.url)).toEqual([`${ORIGIN}/`, `${ORIGIN}/cart`]);
    expect(lastPageConfig().traceId).toBe(traceId);
    vi.advanceTimersByTime(300);
    const sent = batches().slice(first);
    expect(sent.map((b) => [b.page.traceId, b.events.map((e) => e.type)])).toEqual([[traceId, ['route', 'error']]]);
  });

  it('sends at once what comes in while the page is unloading, and holds nothing for a window then', () => {
    configure();
    window_.dispatchEvent(new Event('pagehide'));
    ends.observers.emit(measure('last words'));
    expect(names()).toEqual([['last words']]);
    // Shown again (back/forward cache): the window applies again.
    window_.dispatchEvent(new Event('pageshow'));
    ends.observers.emit(measure('back'));
    expect(names()).toEqual([['last words']]);
    vi.advanceTimersByTime(300);
    expect(names()).toEqual([['last words'], ['back']]);
  });

  it('on hiding, runs its observers’ last reports and sends what they give', () => {
    configure();
    ends.observers.onLeave(() => ends.observers.emit(measure('final')));
    vi.advanceTimersByTime(300);
    document_.visibilityState = 'hidden';
    document_.dispatchEvent(new Event('visibilitychange'));
    // Taken on hiding, sent on the next task (a hidden tab may live on; only unloading sends at once).
    vi.advanceTimersByTime(0);
    expect(names()).toEqual([['final']]);
  });

  it('answers the page side whether a request gets traceparent, by the settings', () => {
    configure({ propagation: { sameOrigin: false, origins: ['https://api.example'] } });
    const ask = ends.privateEvents.get(lastPageConfig().askEvent)!;
    const answer = (url: string) => {
      const event = new Event('ask', { cancelable: true });
      ask(url, event);
      return event.defaultPrevented;
    };
    expect(lastPageConfig().propagate).toBe(true);
    expect(answer('https://api.example/v1')).toBe(true);
    expect(answer('https://tracker.example/')).toBe(false);
    expect(answer(42 as unknown as string)).toBe(false);
  });
});
