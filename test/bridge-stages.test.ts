import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CAPTURE_CONFIG } from '../src/capture-config';
import type { PageEvent } from '../src/protocol/page';
import { flushWindow } from '../src/bridge/flush-window';
import { FrameCore } from '../src/bridge/frame-core';
import { Gate } from '../src/bridge/gate';
import { Outbox } from '../src/bridge/outbox';
import { PageViews } from '../src/bridge/page-views';
import type { Tracer } from '../src/tracer/tracer';
import { DEFAULT_TRACER_CONFIG } from '../src/tracer/span-writer';

const ORIGIN = 'https://shop.example';
const measure = (name: string, view?: number): PageEvent => ({ type: 'measure', name, start: 1, end: 2, ...(view === undefined ? {} : { view }) });
const route = (url: string, view: number, traceId = `${view}`.padStart(32, 'a')): Extract<PageEvent, { type: 'route' }> => ({
  type: 'route',
  trigger: 'pushState',
  url,
  time: 3,
  traceId,
  view,
});

describe('page views', () => {
  it('begins with the document’s, and moves to a route change’s own trace within the origin', () => {
    const views = new PageViews(`${ORIGIN}/`, 1000, ORIGIN);
    const first = views.page;
    expect(first).toMatchObject({ url: `${ORIGIN}/`, timeOrigin: 1000 });
    expect(first.traceId).toMatch(/^[\da-f]{32}$/);
    expect(views.route(route(`${ORIGIN}/cart`, 1, 'b'.repeat(32)))).toBe(true);
    expect(views.page).toMatchObject({ url: `${ORIGIN}/cart`, traceId: 'b'.repeat(32), timeOrigin: 1000 });
    expect(views.page.rootSpanId).not.toBe(first.rootSpanId);
    expect(views.view).toBe(1);
  });

  it('refuses a route to another origin, or to no URL at all, and stays where it was', () => {
    const views = new PageViews(`${ORIGIN}/`, 0, ORIGIN);
    const first = views.page;
    for (const url of ['https://shop.example.evil/', 'http://shop.example/', 'not a url', '']) expect(views.route(route(url, 1))).toBe(false);
    expect(views.page).toBe(first);
    expect(views.view).toBe(0);
  });

  it('puts each event in the page view it began in; the page load always in the document’s', () => {
    const views = new PageViews(`${ORIGIN}/`, 0, ORIGIN);
    const first = views.page;
    views.route(route(`${ORIGIN}/a`, 1));
    const a = views.page;
    views.route(route(`${ORIGIN}/b`, 2));
    expect(views.of(measure('late', 1))).toBe(a);
    expect(views.of(measure('first', 0))).toBe(first);
    expect(views.of({ type: 'error', kind: 'error', time: 9, errorType: 'Error', message: 'now' })).toBe(views.page);
    expect(views.of(measure('unknown', 99))).toBe(views.page);
    expect(views.of({ type: 'page-load' } as PageEvent)).toBe(first);
  });

  it('puts a timeline entry observed late in the page view in effect at its start', () => {
    const views = new PageViews(`${ORIGIN}/`, 0, ORIGIN);
    const first = views.page;
    views.route({ ...route(`${ORIGIN}/a`, 1), time: 100 });
    const a = views.page;
    views.route({ ...route(`${ORIGIN}/b`, 2), time: 200 });
    const at = (start: number, type: 'measure' | 'resource' | 'long-frame' = 'measure') =>
      views.of({ ...measure('m'), type, start, end: start + 1, initiatorType: 'img', url: `${ORIGIN}/i.png`, renderBlocking: false, transferSize: 0, encodedBodySize: 0, decodedBodySize: 0, kind: 'frame', blockingDuration: 0, scripts: 0 } as PageEvent);
    expect(at(50)).toBe(first);
    expect(at(100, 'resource')).toBe(a);
    expect(at(150, 'long-frame')).toBe(a);
    expect(at(250)).toBe(views.page);
    // What has no start of its own belongs to the page view of its arrival.
    expect(views.of({ type: 'error', kind: 'error', time: 50, errorType: 'Error', message: 'e' })).toBe(views.page);
  });

  it('forgets the oldest page views past fifty: their late events join the current one', () => {
    const views = new PageViews(`${ORIGIN}/`, 0, ORIGIN);
    views.route(route(`${ORIGIN}/1`, 1));
    const one = views.page;
    for (let n = 2; n <= 50; n++) views.route(route(`${ORIGIN}/${n}`, n));
    // Fifty remembered: the document's went first (its page load still finds it).
    expect(views.of(measure('late', 1))).toBe(one);
    expect(views.of(measure('late', 0))).toBe(views.page);
    views.route(route(`${ORIGIN}/51`, 51));
    expect(views.of(measure('late', 1))).toBe(views.page);
    expect(views.of(measure('late', 2))).not.toBe(views.page);
  });

  it('names the first recent interaction within a span of time, remembering the last 200', () => {
    const views = new PageViews(`${ORIGIN}/`, 0, ORIGIN);
    const click = (start: number, spanId: string) => views.of({ type: 'interaction', event: 'click', start, end: start + 5, target: 'button', spanId });
    click(10, 'a'.repeat(16));
    click(20, 'b'.repeat(16));
    expect(views.interactionSpan(15, 25)).toBe('b'.repeat(16));
    expect(views.interactionSpan(0, 25)).toBe('a'.repeat(16));
    expect(views.interactionSpan(21, 30)).toBeUndefined();
    for (let i = 0; i < 199; i++) click(100 + i, 'c'.repeat(16));
    expect(views.interactionSpan(0, 15)).toBeUndefined();
    expect(views.interactionSpan(15, 25)).toBe('b'.repeat(16));
  });
});

describe('outbox', () => {
  it('groups events by page view in order, and hands them over with the drops, once', () => {
    const views = new PageViews(`${ORIGIN}/`, 0, ORIGIN);
    const first = views.page;
    views.route(route(`${ORIGIN}/a`, 1));
    const box = new Outbox();
    box.add(first, measure('1'));
    box.add(first, measure('2'));
    box.add(views.page, measure('3'));
    box.add(first, measure('4'));
    box.dropped += 2;
    expect(box.queued).toBe(4);
    const { groups, dropped } = box.take(views.page);
    expect(groups.map((g) => [g.page, g.events.map((e) => (e as { name: string }).name)])).toEqual([
      [first, ['1', '2']],
      [views.page, ['3']],
      [first, ['4']],
    ]);
    expect(dropped).toBe(2);
    expect([box.queued, box.dropped]).toEqual([0, 0]);
    // Only drops to report: one empty group of the page given, to carry them.
    box.dropped = 1;
    expect(box.take(first)).toEqual({ groups: [{ page: first, events: [] }], dropped: 1 });
  });
});

describe('send window', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a lone request on the next task, and what follows within the window once, at its end', () => {
    let now = 0;
    const runs: number[] = [];
    const w = flushWindow(250, () => runs.push(now), () => now);
    w.request();
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(runs).toEqual([0]);
    now = 100;
    vi.advanceTimersByTime(100);
    w.request();
    w.request();
    now = 249;
    vi.advanceTimersByTime(149);
    expect(runs).toEqual([0]);
    now = 250;
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([0, 250]);
    // A quiet window later: the next task again.
    now = 900;
    vi.advanceTimersByTime(650);
    w.request();
    vi.advanceTimersByTime(0);
    expect(runs).toEqual([0, 250, 900]);
  });

  it('forgets a request it is told to cancel, and takes the next', () => {
    const runs: string[] = [];
    const w = flushWindow(250, () => runs.push('run'), () => 0);
    w.request();
    w.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual([]);
    w.request();
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual(['run']);
  });
});

describe('frame core', () => {
  const fakeTracer = (configure = vi.fn()) => ({ configure }) as unknown as Tracer;

  it('is ready at once where the background runs the core', () => {
    const settled = vi.fn();
    const core = new FrameCore(undefined, () => DEFAULT_TRACER_CONFIG, settled);
    expect(core.ready(false)).toBe(true);
    expect(core.tracer).toBeUndefined();
    expect(settled).not.toHaveBeenCalled();
  });

  it('loads once, when first wanted; what cannot wait goes meanwhile; once loaded it has the settings of then', async () => {
    let resolve!: (t: Tracer) => void;
    const load = vi.fn(() => new Promise<Tracer>((r) => (resolve = r)));
    const settled = vi.fn();
    let config = DEFAULT_TRACER_CONFIG;
    const core = new FrameCore(load, () => config, settled);
    expect(load).not.toHaveBeenCalled();
    expect(core.ready(false)).toBe(false);
    expect(core.ready(false)).toBe(false);
    expect(load).toHaveBeenCalledTimes(1);
    expect(core.ready(true)).toBe(true);
    config = { ...DEFAULT_TRACER_CONFIG, sampleRatio: 0.5 };
    const configure = vi.fn();
    resolve(fakeTracer(configure));
    await vi.waitFor(() => expect(settled).toHaveBeenCalledTimes(1));
    expect(configure).toHaveBeenCalledWith(config);
    expect(core.ready(false)).toBe(true);
    expect(core.tracer).toBeDefined();
  });

  it('leaves the spans to the background’s core when the core is refused, or refuses the settings', async () => {
    for (const load of [
      () => Promise.reject(new Error('CSP')),
      () =>
        Promise.resolve(
          fakeTracer(
            vi.fn(() => {
              throw new Error('bad settings');
            }),
          ),
        ),
    ]) {
      const settled = vi.fn();
      const core = new FrameCore(load, () => DEFAULT_TRACER_CONFIG, settled);
      expect(core.ready(false)).toBe(false);
      await vi.waitFor(() => expect(settled).toHaveBeenCalled());
      expect(core.ready(false)).toBe(true);
      expect(core.tracer).toBeUndefined();
    }
  });
});

describe('gate', () => {
  const events = (n: number) => Array.from({ length: n }, (_, i) => measure(`${i}`));

  it('holds a bounded number of events until the settings are read, and lets nothing leave before', () => {
    const gate = new Gate(10_000, 100);
    expect(gate.open).toBe(false);
    expect(gate.admit(events(60), 0, 0)).toMatchObject({ dropped: 0 });
    expect(gate.admit(events(40), 60, 0).events).toHaveLength(40);
    expect(gate.admit(events(1), 100, 0)).toEqual({ events: [], dropped: 1 });
    expect(gate.configure(DEFAULT_CAPTURE_CONFIG, ['shop.example'])).toBe(false);
    expect(gate.open).toBe(true);
    expect(gate.admit(events(1), 100, 0).events).toHaveLength(1);
  });

  it('turns off on a site the settings name, or when a frame around it is one, and discards what comes after', () => {
    const config = { ...DEFAULT_CAPTURE_CONFIG, offSites: ['example.org'] };
    expect(new Gate(10, 10).configure(config, ['shop.example', 'ads.example.org'])).toBe(true);
    const gate = new Gate(10, 10);
    expect(gate.configure(config, ['example.org'])).toBe(true);
    expect(gate.open).toBe(false);
    expect(gate.admit(events(5), 0, 0)).toEqual({ events: [], dropped: 0 });
    // Off stays off for the document, and is reported once.
    expect(gate.configure(DEFAULT_CAPTURE_CONFIG, ['example.org'])).toBe(false);
    expect(gate.off).toBe(true);
    expect(new Gate(10, 10).configure(config, ['notexample.org'])).toBe(false);
  });

  it('lets in at most its rate a second, counting the rest as dropped', () => {
    const gate = new Gate(100, 1000);
    gate.configure(DEFAULT_CAPTURE_CONFIG, ['shop.example']);
    expect(gate.admit(events(70), 0, 1000).dropped).toBe(0);
    const over = gate.admit(events(50), 0, 1500);
    expect([over.events.length, over.dropped]).toEqual([30, 20]);
    expect(over.events[0]).toMatchObject({ name: '0' });
    expect(gate.admit(events(100), 0, 2000)).toMatchObject({ dropped: 0 });
  });
});
