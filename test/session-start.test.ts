/** The session-start mark of the activity that began a session, when its batch is not stored the first time. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptBridgePorts } from '../src/background/ingest';
import type { StoreSpans } from '../src/background/store-in-budget';
import { BRIDGE_PORT, type BackgroundReply } from '../src/protocol/bridge';
import type { PageEvent } from '../src/protocol/page';
import { DEFAULT_SETTINGS } from '../src/settings';
import { SpanlightDB } from '../src/store/db';
import { allSpans } from '../src/store/queries';
import { storeBatch } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { spansToEvents } from '../src/otlp/events';
import { fakeRuntime, type FakePort } from './support/ports';

let db: SpanlightDB;
let runtime: ReturnType<typeof fakeRuntime>;
let stores: number;
let failNext: number;
const store: StoreSpans = async (db, key, spans, source) => {
  stores++;
  if (failNext > 0 && failNext--) throw Object.assign(new Error('disk full'), { name: 'QuotaExceededError' });
  return storeBatch(db, key, spans, source);
};

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`session-${Math.random()}`);
  runtime = fakeRuntime();
  stores = 0;
  failNext = 0;
  acceptBridgePorts(db, Promise.resolve('run'), async () => DEFAULT_SETTINGS, () => undefined, { browserInfo: { userAgent: 'test', sdkVersion: '0' }, onConnect: runtime.onConnect, store });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

const NOW = Date.now();
const page = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: NOW - 1000, url: 'https://a.example/' };
const clicks = (n: number): PageEvent[] => Array.from({ length: n }, (_, i) => ({ type: 'interaction', event: 'click', start: 1 + i, end: 2 + i, target: `b${i}` }));

function ask(port: FakePort, message: Record<string, unknown>): Promise<BackgroundReply> {
  return new Promise((resolve) => {
    port.onMessage.addListener((reply) => (reply as BackgroundReply).seq === message.seq && resolve(reply as BackgroundReply));
    port.postMessage(message);
  });
}

describe('session.start', () => {
  it('is still derived when the batch that began the session was stored only on its resend', async () => {
    const port = runtime.connect(BRIDGE_PORT, 1, 'https://a.example/');
    failNext = 1; // the disk is full once
    const message = { type: 'events', seq: 1, batch: 'aaaaaaaaaaaaaaa1', page, events: clicks(2), dropped: 0 };
    port.postMessage(message);
    await vi.waitFor(() => expect(stores).toBe(1));
    expect(await ask(port, message)).toEqual({ type: 'ack', seq: 1 });
    const events = spansToEvents(await allSpans(db)).map((e) => e.eventName);
    expect(events).toContain('session.start');
  });
});
