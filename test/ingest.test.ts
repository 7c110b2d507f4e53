import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptBridgePorts } from '../src/background/ingest';
import type { StoreSpans } from '../src/background/store-in-budget';
import { BRIDGE_PORT, type BackgroundReply } from '../src/protocol/bridge';
import { LINK_TYPE, LinkType } from '../src/protocol/span';
import type { PageEvent } from '../src/protocol/page';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings';
import { readStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { countSpans, spansOfTrace } from '../src/store/queries';
import { storeBatch } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { Tracer } from '../src/tracer/tracer';
import { fakeRuntime, type FakePort } from './support/ports';

const BROWSER = { userAgent: 'Mozilla/5.0 (test)', sdkVersion: '0.1.0' };
let db: SpanlightDB;
let runtime: ReturnType<typeof fakeRuntime>;
let stores: number;
let failNext: number;
/** The settings ingest reads for each batch. */
let current: Settings;
/** The store step: storeBatch, failing the next `failNext` calls as a full disk would. */
const store: StoreSpans = async (db, key, spans, source) => {
  stores++;
  if (failNext > 0 && failNext--) throw Object.assign(new Error('disk full'), { name: 'QuotaExceededError' });
  return storeBatch(db, key, spans, source);
};

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`ingest-${Math.random()}`);
  runtime = fakeRuntime();
  stores = 0;
  failNext = 0;
  current = DEFAULT_SETTINGS;
  acceptBridgePorts(db, Promise.resolve('run'), async () => current, () => undefined, { browserInfo: BROWSER, onConnect: runtime.onConnect, store });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

const NOW = Date.now();
const pageOf = (url: string) => ({ traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: NOW - 1000, url });
const clicks = (n: number, start = 1): PageEvent[] => Array.from({ length: n }, (_, i) => ({ type: 'interaction', event: 'click', start: start + i, end: start + i + 1, target: `b${i}` }));
let seq = 0;

/** Sends `message` on `port` and resolves with the background's answer to it. */
function ask(port: FakePort, message: Record<string, unknown>): Promise<BackgroundReply> {
  const sent = { seq: ++seq, batch: randomHexId(8), dropped: 0, ...message };
  return new Promise((resolve) => {
    port.onMessage.addListener((reply) => (reply as BackgroundReply).seq === sent.seq && resolve(reply as BackgroundReply));
    port.postMessage(sent);
  });
}

describe('ingest', () => {
  it('stores a batch once however often it is resent, and counts its drops once', async () => {
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    const page = pageOf('https://a.example/');
    const message = { type: 'events', seq: 90, batch: 'aaaaaaaaaaaaaaa1', page, events: clicks(3), dropped: 2 };
    for (let i = 0; i < 3; i++) expect(await ask(port, message)).toEqual({ type: 'ack', seq: 90 });
    expect(await countSpans(db)).toBe(4); // three clicks and the drop span
    expect(stores).toBe(1);
    await vi.waitFor(async () => expect((await readStatus()).dropped.invalid).toBe(2));
  });

  it("refuses a page URL of another origin than the sender's, counting its events", async () => {
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://evil.example/');
    const reply = await ask(port, { type: 'events', page: pageOf('https://bank.example/'), events: clicks(5) });
    expect(reply.type).toBe('nack');
    expect(await countSpans(db)).toBe(0);
    await vi.waitFor(async () => expect((await readStatus()).dropped.invalid).toBe(5));
  });

  it("keeps another sender's spans out of a page view, and the victim's own spans in", async () => {
    const victim = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    const attacker = runtime.connect(BRIDGE_PORT, 2, 'https://a.example/');
    const page = pageOf('https://a.example/');
    expect((await ask(victim, { type: 'events', page, events: clicks(1) })).type).toBe('ack');
    expect((await ask(attacker, { type: 'events', page, events: clicks(50) })).type).toBe('nack');
    expect((await ask(victim, { type: 'events', page, events: clicks(2, 10) })).type).toBe('ack');
    expect((await spansOfTrace(db, page.traceId)).map((s) => s.attributes['spanlight.tab.id'])).toEqual([1, 1, 1]);
  });

  it("links a frame's page view to its top page view only where that is of the tab's origin now", async () => {
    // The page load makes the frame's page view root, which takes the link.
    const load: PageEvent[] = [{ type: 'page-load', navigationType: 'navigate', marks: { fetchStart: 0, requestStart: 1, responseStart: 2, responseEnd: 2, domComplete: 3, loadEventStart: 3, loadEventEnd: 4 } }];
    const topLinks = async (traceId: string) =>
      (await spansOfTrace(db, traceId)).flatMap((s) => (s.links ?? []).filter((l) => l.attributes?.[LINK_TYPE] === LinkType.topPageView).map((l) => l.traceId));
    const before = pageOf('https://a.example/');
    expect((await ask(runtime.connect(BRIDGE_PORT, 1, 'https://a.example/'), { type: 'view', page: before })).type).toBe('ack');
    // The tab goes to b.example, whose frame sends before b.example's top frame names its page view.
    const frame = runtime.connect(BRIDGE_PORT, 1, 'https://ads.example/', 3, 'https://b.example/');
    const framePage = pageOf('https://ads.example/');
    expect((await ask(frame, { type: 'events', page: framePage, events: load })).type).toBe('ack');
    expect(await topLinks(framePage.traceId)).toEqual([]);
    const top = pageOf('https://b.example/');
    expect((await ask(runtime.connect(BRIDGE_PORT, 1, 'https://b.example/'), { type: 'view', page: top })).type).toBe('ack');
    const later = pageOf('https://ads.example/');
    expect((await ask(runtime.connect(BRIDGE_PORT, 1, 'https://ads.example/', 4, 'https://b.example/'), { type: 'events', page: later, events: load })).type).toBe('ack');
    expect(await topLinks(later.traceId)).toEqual([top.traceId]);
  });

  it('refuses after a restart a page view the store holds for another tab', async () => {
    const page = pageOf('https://a.example/');
    const first = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    expect((await ask(first, { type: 'events', page, events: clicks(1) })).type).toBe('ack');
    // A new worker: nothing in memory, the store remembers.
    const restarted = fakeRuntime();
    acceptBridgePorts(db, Promise.resolve('run'), async () => DEFAULT_SETTINGS, () => undefined, { browserInfo: BROWSER, onConnect: restarted.onConnect, store });
    const other = restarted.connect(BRIDGE_PORT, 2, 'https://a.example/');
    expect((await ask(other, { type: 'events', page, events: clicks(1) })).type).toBe('nack');
    expect(await countSpans(db)).toBe(1);
  });

  it('leaves out and counts spans dated outside the window around now', async () => {
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    const page = pageOf('https://a.example/');
    const events: PageEvent[] = [...clicks(1), { type: 'interaction', event: 'click', start: 400 * 86_400_000, end: 400 * 86_400_000, target: 'later' }];
    expect((await ask(port, { type: 'events', page, events })).type).toBe('ack');
    const stored = await spansOfTrace(db, page.traceId);
    expect(stored.map((s) => s.name).sort()).toEqual(['click', 'spanlight.dropped']);
    await vi.waitFor(async () => expect((await readStatus()).dropped.invalid).toBe(1));
  });

  it("nacks a batch the background's core refuses, and stores the next tab's batch", async () => {
    const hostile = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    // A thousand vitals with distinct attribution keys: more keys than one batch's table takes.
    const vitals: PageEvent[] = Array.from({ length: 1000 }, (_, i) => ({
      type: 'vital', name: 'LCP', value: 1, rating: 'good', navigationType: 'navigate', time: 1, view: 0,
      attribution: Object.fromEntries(Array.from({ length: 16 }, (_, k) => [`k${i * 16 + k}`, k])),
    }));
    const reply = await ask(hostile, { type: 'events', page: pageOf('https://a.example/'), events: vitals });
    expect(reply.type).toBe('nack');
    await vi.waitFor(async () => expect((await readStatus()).dropped.invalid).toBe(1000));
    const other = runtime.connect(BRIDGE_PORT, 2, 'https://b.example/');
    expect((await ask(other, { type: 'events', page: pageOf('https://b.example/'), events: clicks(2) })).type).toBe('ack');
    expect(await countSpans(db)).toBe(2);
  });

  it('answers a batch it could not store only when a resend is stored', async () => {
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    const replies: unknown[] = [];
    port.onMessage.addListener((reply) => replies.push(reply));
    failNext = 1;
    const message = { type: 'events', seq: 7, batch: 'bbbbbbbbbbbbbbb1', page: pageOf('https://a.example/'), events: clicks(2), dropped: 1 };
    port.postMessage(message);
    await vi.waitFor(() => expect(stores).toBe(1));
    expect(await ask(port, message)).toEqual({ type: 'ack', seq: 7 });
    expect(replies).toEqual([{ type: 'ack', seq: 7 }]);
    expect(await countSpans(db)).toBe(3);
    await vi.waitFor(async () => expect((await readStatus()).dropped.invalid).toBe(1));
  });

  it('takes span batches from the content core, pinning a forged root URL to the page', async () => {
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    const tracer = await Tracer.load('content');
    const page = pageOf('https://a.example/app');
    const data = tracer.toBatch(page, [{ type: 'page-load', navigationType: 'navigate', marks: { loadEventEnd: 5 } }]);
    data.strings = data.strings.map((s) => (s === 'https://a.example/app' ? 'https://bank.example/' : s));
    expect((await ask(port, { type: 'spans', data })).type).toBe('ack');
    const [root] = await spansOfTrace(db, page.traceId);
    expect(root!.attributes['url.full']).toBe('https://a.example/app');
    expect((await db.pageViews.get(page.traceId))!.origin).toBe('https://a.example');
  });

  it('applies the span rules after redaction and before storing, counting their drops apart from losses', async () => {
    current = {
      ...DEFAULT_SETTINGS,
      rules: {
        drop: ['attributes["ui.target"] == "b1"', 'name =='],
        transform: ['set(attributes["service"], resource.attributes["service.name"]) where name == "click"', 'set(attributes["seen"], attributes["ui.target"]) where name == "click"'],
      },
    };
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    const page = pageOf('https://a.example/');
    const events: PageEvent[] = [...clicks(3), { type: 'interaction', event: 'click', start: 9, end: 10, target: 'ann@example.com' }];
    expect((await ask(port, { type: 'events', page, events, dropped: 1 })).type).toBe('ack');
    const stored = await spansOfTrace(db, page.traceId);
    expect(stored.map((s) => [s.name, s.attributes.seen, s.attributes.service]).sort()).toEqual([
      // Rules see strings as redaction left them.
      ['click', 'REDACTED', 'a.example'],
      ['click', 'b0', 'a.example'],
      ['click', 'b2', 'a.example'],
      // The dropped span counts the one event lost on the way, not the span the rules dropped.
      ['spanlight.dropped', undefined, undefined],
    ]);
    expect(stored.find((s) => s.name === 'spanlight.dropped')!.attributes['spanlight.dropped.count']).toBe(1);
    await vi.waitFor(async () => expect((await readStatus()).dropped).toMatchObject({ invalid: 1, rule: 1 }));
    // The malformed drop condition is left out, and said to be.
    await vi.waitFor(async () => expect((await readStatus()).rules.problems).toEqual([expect.objectContaining({ list: 'drop', index: 1, statement: 'name ==' })]));
  });
});
