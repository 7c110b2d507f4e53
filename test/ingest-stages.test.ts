/**
 * Ingest's stages one at a time (src/background/ingest.ts composes them; test/ingest.test.ts
 * tests the composition).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { finishSpans } from '../src/background/finish-spans';
import { SpanMaker } from '../src/background/make-spans';
import { Refused } from '../src/background/refused';
import { SeenBatches } from '../src/background/seen-batches';
import { ofSenderOrigin, pinRootUrls, senderOf } from '../src/background/sender';
import { AHEAD_MS, BEFORE_ORIGIN_MS, withinTimeWindow } from '../src/background/time-window';
import { TraceOwners } from '../src/background/trace-owners';
import type { PageEvent } from '../src/protocol/page';
import { hrTimeToMs } from '../src/protocol/span';
import { redactor } from '../src/redaction';
import { DEFAULT_SETTINGS } from '../src/settings';
import { SpanlightDB } from '../src/store/db';
import { randomHexId } from '../src/tracer/ids';
import { makeSpan } from './support/spans';
import { store } from './support/store';

const page = (url = 'https://shop.example/cart?token=abc') => ({ traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: Date.now() - 1000, url });

describe('identify: the sender as the browser names it', () => {
  it('takes tab, frame and origin from the port, and the hosts where capture may be off', () => {
    const sender = senderOf({ sender: { url: 'https://ads.example.net/frame?x=1', frameId: 3, tab: { id: 7, url: 'https://shop.example/' } } as never });
    expect(sender).toEqual({
      tabId: 7,
      frameId: 3,
      top: false,
      origin: 'https://ads.example.net',
      tabOrigin: 'https://shop.example',
      hosts: ['shop.example', 'ads.example.net'],
      owner: '7/3/https://ads.example.net',
    });
    expect(senderOf({ sender: { url: 'https://shop.example/', tab: { id: 1 } } as never })).toMatchObject({ top: true, frameId: 0 });
    // No URL: nothing it sends can be attributed.
    expect(senderOf({ sender: { tab: { id: 1 } } as never })).toBeUndefined();
    expect(senderOf({ sender: undefined })).toBeUndefined();
  });

  it('takes a page URL only of the sender’s own origin, and pins a forged root URL to the page', () => {
    const sender = senderOf({ sender: { url: 'https://shop.example/', tab: { id: 1 } } as never })!;
    expect(ofSenderOrigin('https://shop.example/other', sender)).toBe(true);
    expect(ofSenderOrigin('REDACTED', sender)).toBe(true);
    for (const url of ['https://bank.example/', 'http://shop.example/', 'https://shop.example.evil/', 'junk']) expect(ofSenderOrigin(url, sender)).toBe(false);
    const root = makeSpan(0, { parentSpanId: undefined, attributes: { 'url.full': 'https://bank.example/login' }, pageUrl: 'https://shop.example/' });
    const child = makeSpan(1, { attributes: { 'url.full': 'https://api.example/items' } });
    pinRootUrls([root, child], sender);
    expect(root.attributes['url.full']).toBe('https://shop.example/');
    // A request's URL may be anywhere.
    expect(child.attributes['url.full']).toBe('https://api.example/items');
  });
});

describe('stages over the store', () => {
  let db: SpanlightDB;
  beforeEach(() => {
    db = new SpanlightDB(`stages-${Math.random()}`);
  });
  afterEach(() => db.delete());

  it('recognise a batch taken before: in memory, or by its stored key after a restart', async () => {
    const seen = new SeenBatches(db);
    expect(await seen.seen('k1')).toBe(false);
    seen.remember('k1');
    expect(await seen.seen('k1')).toBe(true);
    await store(db, [makeSpan(0)]);
    const key = (await db.batches.toArray())[0]!.key;
    expect(await new SeenBatches(db).seen(key)).toBe(true);
  });

  it('take a batch once however many copies arrive together, and again after a failed take', async () => {
    const seen = new SeenBatches(db);
    let release!: () => void;
    const take = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const copies = [seen.once('k', take), seen.once('k', take), seen.once('k', take)];
    release();
    expect(await Promise.all(copies)).toEqual([true, true, true]);
    expect(take).toHaveBeenCalledTimes(1);
    expect(await seen.once('k', take)).toBe(true);
    expect(take).toHaveBeenCalledTimes(1);

    const failing = vi.fn(() => Promise.reject(new Error('disk full')));
    const first = seen.once('f', failing);
    const second = seen.once('f', failing);
    await expect(first).rejects.toThrow('disk full');
    expect(await second).toBe(false);
    expect(await seen.seen('f')).toBe(false);
    expect(await seen.once('f', () => Promise.resolve())).toBe(true);
  });

  it('bind each page view to the first sender, and after a restart to the tab the store holds it for', async () => {
    const owners = new TraceOwners(db);
    const trace = randomHexId(16);
    const claims = await Promise.all([owners.claim(trace, '1/0/https://a', 'run', 1), owners.claim(trace, '2/0/https://b', 'run', 2)]);
    expect(claims).toEqual([true, false]);
    expect(await owners.claim(trace, '1/0/https://a', 'run', 1)).toBe(true);

    const stored = makeSpan(0);
    await store(db, [stored], { runId: 'run', tabId: 5 });
    const restarted = new TraceOwners(db);
    expect(await restarted.claim(stored.traceId, '6/0/https://evil', 'run', 6)).toBe(false);
    expect(await restarted.claim(stored.traceId, '5/0/https://shop', 'earlier run', 5)).toBe(false);
    expect(await restarted.claim(stored.traceId, '5/0/https://shop', 'run', 5)).toBe(true);
    // The first frame of the tab to send again owns it in memory from then on.
    expect(await restarted.claim(stored.traceId, '5/2/https://frame', 'run', 5)).toBe(false);
  });
});

describe('check: times', () => {
  it('keeps spans from a day before the time origin to a minute after now, events included', () => {
    const origin = 1_700_000_000_000;
    const now = origin + 5_000;
    const at = (ms: number) => {
      const span = makeSpan(0);
      span.start = [Math.floor(ms / 1000), (ms % 1000) * 1e6];
      span.end = span.start;
      return span;
    };
    const inside = [at(origin - BEFORE_ORIGIN_MS), at(now + AHEAD_MS), at(origin)];
    const outside = [at(origin - BEFORE_ORIGIN_MS - 1), at(now + AHEAD_MS + 1)];
    const lateEvent = at(origin);
    lateEvent.events = [{ name: 'e', time: [Math.floor((now + AHEAD_MS + 1000) / 1000), 0], attributes: {} }];
    const { kept, out } = withinTimeWindow([...inside, ...outside, lateEvent], origin, now);
    expect(kept).toEqual(inside);
    expect(out).toBe(3);
    expect(hrTimeToMs(kept[0]!.start)).toBe(origin - BEFORE_ORIGIN_MS);
  });
});

describe('make spans', () => {
  const clicks = (n: number): PageEvent[] => Array.from({ length: n }, (_, i) => ({ type: 'interaction', event: 'click', start: 1 + i, end: 2 + i, target: `b${i}` }));

  it('makes spans of events with the background’s core, loaded once, under the page view, its URL redacted', async () => {
    const { Tracer } = await import('../src/tracer/tracer');
    const load = vi.fn(() => Tracer.load('background'));
    const maker = new SpanMaker(load);
    const p = page();
    const made = await maker.spansOf({ type: 'events', seq: 1, batch: 'b', page: p, events: clicks(2), dropped: 0 }, DEFAULT_SETTINGS);
    await maker.spansOf({ type: 'events', seq: 2, batch: 'c', page: p, events: clicks(1), dropped: 0 }, DEFAULT_SETTINGS);
    expect(load).toHaveBeenCalledTimes(1);
    expect(made.spans.filter((s) => s.name.startsWith('click'))).toHaveLength(2);
    expect(made.spans.every((s) => s.traceId === p.traceId)).toBe(true);
    expect(made.pageUrl).toBe('https://shop.example/cart?token=REDACTED');
  });

  it('passes spans the frame’s core made, and refuses for good, counting its items, a batch the core refuses', async () => {
    const maker = new SpanMaker();
    const spans = [makeSpan(0)];
    const p = page('https://shop.example/');
    expect(await maker.spansOf({ type: 'spans', seq: 1, batch: 'b', page: p, spans, sampledOut: 2, dropped: 0 } as never, DEFAULT_SETTINGS)).toMatchObject({
      spans,
      sampledOut: 2,
      pageUrl: 'https://shop.example/',
    });
    // A page view whose trace id is all zeros: the core refuses it.
    const bad = { ...page(), traceId: '0'.repeat(32) };
    const refused = await maker.spansOf({ type: 'events', seq: 2, batch: 'c', page: bad, events: clicks(3), dropped: 4 }, DEFAULT_SETTINGS).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refused);
    expect((refused as Refused).count).toBe(7);
  });
});

describe('finish', () => {
  it('tells what was lost in the page view’s trace, redacts by the rules, and stamps session and tab', () => {
    const p = page();
    const spans = [makeSpan(0, { traceId: p.traceId, attributes: { 'user.email': 'ann@example.com' } })];
    const redact = redactor({ ...DEFAULT_SETTINGS.redaction, emails: true });
    const done = finishSpans(spans, { page: p, pageUrl: 'https://shop.example/cart', lost: 3, redact, session: { id: 's1' }, tabId: 9 });
    expect(done).toBe(spans);
    expect(done).toHaveLength(2);
    const dropped = done[1]!;
    expect(dropped).toMatchObject({ name: 'spanlight.dropped', traceId: p.traceId, parentSpanId: p.rootSpanId, pageUrl: 'https://shop.example/cart' });
    expect(dropped.attributes['spanlight.dropped.count']).toBe(3);
    expect(done[0]!.attributes['user.email']).not.toContain('ann@example.com');
    for (const span of done) expect([span.attributes['session.id'], span.attributes['spanlight.tab.id']]).toEqual(['s1', 9]);
    expect(finishSpans([makeSpan(0)], { page: p, pageUrl: '', lost: 0, redact: undefined, session: { id: 's' }, tabId: 1 })).toHaveLength(1);
    expect(done[0]!.attributes['spanlight.session.start']).toBeUndefined();
  });

  it('marks the first span of the activity that began a session, with the session it follows', () => {
    const p = page();
    const spans = [makeSpan(0, { traceId: p.traceId }), makeSpan(1, { traceId: p.traceId })];
    const session = { id: 's2', started: { previousId: 's1', previousEndedAt: 1_732_172_000_000 } };
    finishSpans(spans, { page: p, pageUrl: '', lost: 0, redact: undefined, session, tabId: 1 });
    expect(spans[0]!.attributes).toMatchObject({ 'spanlight.session.start': true, 'spanlight.session.previous_id': 's1', 'spanlight.session.previous_end': 1_732_172_000_000 });
    expect(spans[1]!.attributes['spanlight.session.start']).toBeUndefined();
  });
});
