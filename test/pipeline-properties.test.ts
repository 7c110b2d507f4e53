/**
 * The pipeline below the browser, bridge → background link → ingest → store, under random and
 * adversarial streams: every batch the victim's bridge sends is acknowledged and stored exactly
 * once, storage failures only delay it, nothing another tab sends lands in the victim's page
 * views, no exception escapes, and a new tab's well-formed batch is stored after any attack.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptBridgePorts } from '../src/background/ingest';
import type { StoreSpans } from '../src/background/store-in-budget';
import { BackgroundLink, MAX_DELAY_MS } from '../src/bridge/background-link';
import { sendGroup } from '../src/bridge/send-group';
import { BRIDGE_PORT, type BackgroundReply, type BridgeMessage } from '../src/protocol/bridge';
import type { PageEvent } from '../src/protocol/page';
import { DEFAULT_SETTINGS } from '../src/settings';
import { readStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { spansOfTrace } from '../src/store/queries';
import { storeBatch } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { fakeRuntime, type FakePort } from './support/ports';

const BROWSER = { userAgent: 'Mozilla/5.0 (test)', sdkVersion: '0.1.0' };
const VICTIM = 'https://shop.example/cart';
const EVIL = 'https://evil.example/';

/**
 * Yields to IndexedDB's tasks until `done` holds, or gives up (then the assertion after fails):
 * after 20,000 turns, or, given `seconds`, after that much real time, for a wait whose work is
 * not counted in turns (the first batch of events compiles the background's core, which on a
 * loaded machine outlasts any fixed number of them).
 */
async function until(done: () => boolean, seconds?: number): Promise<void> {
  const deadline = seconds === undefined ? Infinity : performance.now() + seconds * 1000;
  for (let i = 0; !done() && (seconds === undefined ? i < 20_000 : performance.now() < deadline); i++) await new Promise((resolve) => setImmediate(resolve));
}

const clicks = (n: number, at: number): PageEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'interaction', event: 'click', start: at + i, end: at + i + 1, target: `b${i}` }));

type Attack =
  | { kind: 'victim'; events: number }
  | { kind: 'resend' }
  | { kind: 'forged-origin'; events: number }
  | { kind: 'victim-trace'; events: number }
  | { kind: 'odd-time'; ms: number }
  | { kind: 'garbage'; value: unknown };

const attack: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({ kind: fc.constant('victim' as const), events: fc.integer({ min: 0, max: 1200 }) }),
  fc.record({ kind: fc.constant('resend' as const) }),
  fc.record({ kind: fc.constant('forged-origin' as const), events: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('victim-trace' as const), events: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('odd-time' as const), ms: fc.oneof(fc.constant(-2 * 86_400_000), fc.constant(1e12), fc.double({ min: -1e13, max: 1e13, noNaN: true })) }),
  fc.record({ kind: fc.constant('garbage' as const), value: fc.anything() }),
);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('pipeline (bridge → ingest → store) under adversarial streams', () => {
  it('stores every batch of the victim once, keeps others out of its page views, and serves the next tab', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(attack, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { maxLength: 6 }), async (attacks, failures) => {
        fakeBrowser.reset();
        const db = new SpanlightDB(`pipeline-${Math.random()}`);
        const runtime = fakeRuntime();
        const plan = [...failures];
        const store: StoreSpans = async (db, key, spans, source) => {
          if (plan.shift()) throw Object.assign(new Error('disk full'), { name: 'QuotaExceededError' });
          return storeBatch(db, key, spans, source);
        };
        acceptBridgePorts(db, Promise.resolve('run'), async () => DEFAULT_SETTINGS, () => undefined, { browserInfo: BROWSER, onConnect: runtime.onConnect, store });

        const victimPorts: FakePort[] = [];
        const replies = new Map<number, BackgroundReply['type']>();
        const link = new BackgroundLink(new AbortController().signal, () => {
          const port = runtime.connect(BRIDGE_PORT, 1, VICTIM);
          port.onMessage.addListener((reply) => replies.set((reply as BackgroundReply).seq, (reply as BackgroundReply).type));
          victimPorts.push(port);
          return port as unknown as Browser.runtime.Port;
        });
        const evil = runtime.connect(BRIDGE_PORT, 2, EVIL);
        const page = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: Date.now() - 5000, url: VICTIM };
        const evilPage = { ...page, traceId: randomHexId(16), url: EVIL };
        // As the bridge does at its start: the frame names its page view.
        link.send({ type: 'view', page, dropped: 0 });
        let victimEvents = 0;
        let at = 1;
        const raw = (message: Record<string, unknown>) => evil.postMessage({ seq: 1, batch: randomHexId(8), dropped: 0, ...message });

        for (const a of attacks) {
          if (a.kind === 'victim') {
            sendGroup(link, undefined, { page, events: clicks(a.events, at) }, 0);
            victimEvents += a.events;
            at += a.events;
          } else if (a.kind === 'resend') {
            // A lost ack: the victim's batches arrive again.
            for (const message of victimPorts.flatMap((p) => p.sent)) victimPorts.at(-1)!.postMessage(message);
          } else if (a.kind === 'forged-origin') raw({ type: 'events', page: { ...evilPage, url: VICTIM }, events: clicks(a.events, 1) });
          else if (a.kind === 'victim-trace') raw({ type: 'events', page: { ...evilPage, traceId: page.traceId }, events: clicks(a.events, 1) });
          else if (a.kind === 'odd-time') raw({ type: 'events', page: evilPage, events: clicks(1, a.ms) });
          else raw(a.value as Record<string, unknown>);
        }
        // Storage failures only delay: the link sends again until every batch is answered.
        for (let round = 0; round < 12 && link.pending; round++) {
          await until(() => !link.pending);
          if (link.pending) await vi.advanceTimersByTimeAsync(MAX_DELAY_MS);
        }
        expect(link.pending).toBe(0);
        const sent = victimPorts.flatMap((p) => p.sent as BridgeMessage[]);
        expect([...new Set(sent.map((m) => m.seq))].every((seq) => replies.get(seq) === 'ack')).toBe(true);
        for (const key of new Set(sent.filter((m) => m.type === 'events' && m.events.length).map((m) => m.batch))) {
          expect(await db.batches.where('key').equals(key).count()).toBe(1);
        }
        const stored = await spansOfTrace(db, page.traceId);
        expect(stored.filter((s) => s.name === 'click')).toHaveLength(victimEvents);
        expect(stored.every((s) => s.attributes['spanlight.tab.id'] === 1 && s.pageUrl === VICTIM)).toBe(true);
        // No page view of the victim's site was planted by the other tab.
        expect((await db.pageViews.toArray()).filter((row) => row.origin === 'https://shop.example').every((row) => row.tabId === 1)).toBe(true);

        // The next well-formed batch from a new tab is stored.
        const next = runtime.connect(BRIDGE_PORT, 3, 'https://b.example/');
        let answered: BackgroundReply | undefined;
        next.onMessage.addListener((reply) => (answered = reply as BackgroundReply));
        const fresh = { ...page, traceId: randomHexId(16), url: 'https://b.example/' };
        plan.length = 0;
        next.postMessage({ type: 'events', seq: 1, batch: randomHexId(8), dropped: 0, page: fresh, events: clicks(1, 1) });
        await until(() => answered !== undefined, 10);
        expect(answered).toEqual({ type: 'ack', seq: 1 });
        expect(await spansOfTrace(db, fresh.traceId)).toHaveLength(1);
        expect((await readStatus()).dropped.limit).toBe(0);
        await db.delete();
      }),
      { numRuns: 150 },
    );
  });
});
