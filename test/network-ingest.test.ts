import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptBridgePorts } from '../src/background/ingest';
import { GRACE_MS } from '../src/background/network/matcher';
import { NetworkRecorder } from '../src/background/network/record-network';
import type { RequestDetails, WebRequestApi } from '../src/background/network/observer';
import { SpanKind } from '../src/protocol/span';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings';
import { SpanlightDB } from '../src/store/db';
import { spansOfTrace } from '../src/store/queries';
import { storeBatch } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { fakeRuntime } from './support/ports';

type Listener = (details: RequestDetails) => void;
const event = () => {
  const listeners: Listener[] = [];
  return { listeners, addListener: (l: Listener) => void listeners.push(l), emit: (d: RequestDetails) => listeners.forEach((l) => l(d)) };
};
const BROWSER = { userAgent: 'Mozilla/5.0 (test)', sdkVersion: '0.1.0' };
const NOW = Date.now();
let db: SpanlightDB;
let runtime: ReturnType<typeof fakeRuntime>;
let web: { onBeforeRequest: ReturnType<typeof event>; onCompleted: ReturnType<typeof event>; onErrorOccurred: ReturnType<typeof event> };
let recorder: NetworkRecorder;
let current: Settings;
/** How far the recorder's clock is ahead of Date.now(). */
let skew = 0;

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`network-${Math.random()}`);
  runtime = fakeRuntime();
  web = { onBeforeRequest: event(), onCompleted: event(), onErrorOccurred: event() };
  current = DEFAULT_SETTINGS;
  skew = 0;
  recorder = new NetworkRecorder(Promise.resolve('run'), async () => current, () => Date.now() + skew);
  const ingest = acceptBridgePorts(db, Promise.resolve('run'), async () => current, () => undefined, {
    browserInfo: BROWSER,
    onConnect: runtime.onConnect,
    store: (db, key, spans, source) => storeBatch(db, key, spans, source),
    onPage: recorder.page,
    onSpans: recorder.spans,
  });
  recorder.start(web as unknown as WebRequestApi, ingest);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

/** Lets the observations made so far be handled: each awaits only the settings (microtasks), so one task is enough. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Opens tab `tabId` at `url` and names its page view; resolves with it. */
async function openPage(tabId: number, url: string) {
  const page = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: NOW - 1000, url };
  const port = runtime.connect('spanlight-bridge', tabId, url);
  port.postMessage({ type: 'view', seq: 1, batch: randomHexId(8), dropped: 0, page });
  // Ingest names it to the recorder once it has checked the message (IndexedDB in between).
  await vi.waitFor(() => expect(recorder.pages.at(tabId, 0, NOW)?.page.traceId).toBe(page.traceId));
  return page;
}

function request(details: Partial<RequestDetails> & { requestId: string; url: string; type: string }, start = NOW, end = NOW + 40) {
  const d = { method: 'POST', tabId: 5, frameId: 0, timeStamp: start, ...details };
  web.onBeforeRequest.emit(d);
  web.onCompleted.emit({ ...d, timeStamp: end, statusCode: details.statusCode ?? 200, fromCache: false });
}

describe('network ingest', () => {
  it('stores a beacon of a tab as one client span of its page view, child of its root, URL redacted', async () => {
    const page = await openPage(5, 'https://app.test/');
    request({ requestId: '10', url: 'https://collect.test/b?token=s3cret&x=1', type: 'ping', initiator: 'https://app.test' });
    await settle();
    await recorder.flush();
    const spans = await spansOfTrace(db, page.traceId);
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.parentSpanId).toBe(page.rootSpanId);
    expect(span!.attributes['spanlight.request.kind']).toBe('beacon');
    expect(span!.attributes['spanlight.request.seen_by']).toBe('webRequest');
    expect(span!.attributes['spanlight.http.api']).toBe('beacon');
    expect(span!.attributes['url.full']).toBe('https://collect.test/b?token=REDACTED&x=1');
    // Flushed again (a retry), nothing more is stored.
    await recorder.flush();
    expect(await spansOfTrace(db, page.traceId)).toHaveLength(1);
  });
  it('stores a Firefox worker fetch naming its script, and a shared worker of the origin in the top page view', async () => {
    const page = await openPage(5, 'https://app.test/');
    request({ requestId: '11', method: 'GET', url: 'https://api.test/w', type: 'xmlhttprequest', documentUrl: 'https://app.test/worker.js' });
    request({ requestId: '12', method: 'GET', url: 'https://api.test/s', type: 'xmlhttprequest', tabId: -1, frameId: -1, initiator: 'https://app.test' });
    await settle();
    await recorder.flush();
    const spans = await spansOfTrace(db, page.traceId);
    expect(spans.map((s) => s.attributes['spanlight.request.kind'])).toEqual(['worker', 'worker']);
    expect(spans.find((s) => s.attributes['url.full'] === 'https://api.test/w')?.attributes['spanlight.worker.script']).toBe('https://app.test/worker.js');
  });
  it('stores nothing where capture is off, and nothing of a request of no page view', async () => {
    current = { ...DEFAULT_SETTINGS, capture: { ...DEFAULT_SETTINGS.capture, offSites: ['app.test'] } };
    const page = await openPage(5, 'https://app.test/');
    request({ requestId: '13', url: 'https://collect.test/b', type: 'ping' });
    request({ requestId: '14', url: 'https://collect.test/b', type: 'ping', tabId: 9 });
    await settle();
    await recorder.flush();
    expect(await spansOfTrace(db, page.traceId)).toHaveLength(0);
    expect(recorder.unplaced).toBe(1);
  });

  it("records a socket's handshake only when the page side has no span of it: a worker's at once, the page's own not at all", async () => {
    const page = await openPage(5, 'https://app.test/');
    // The page's own socket (its documentUrl is the page) and a worker's (Firefox names its script).
    request({ requestId: '20', method: 'GET', url: 'wss://chat.test/live?token=s3cret', type: 'websocket', documentUrl: 'https://app.test/', statusCode: 101 });
    request({ requestId: '21', method: 'GET', url: 'wss://chat.test/worker', type: 'websocket', documentUrl: 'https://app.test/worker.js', statusCode: 101 });
    await settle();
    await recorder.flush();
    expect((await spansOfTrace(db, page.traceId)).map((s) => s.attributes['url.full'])).toEqual(['wss://chat.test/worker']);
    expect(recorder.matcher.size).toBe(1);
    // The page side's span of the socket comes when it closes, long after the handshake.
    const port = runtime.connect('spanlight-bridge', 5, 'https://app.test/');
    const closed = { type: 'websocket', url: 'wss://chat.test/live?token=s3cret', start: 1000.5, end: 61_000, protocol: '', messages_sent: 1, messages_received: 1, bytes_sent: 4, bytes_received: 4, code: 1000, clean: true, error: '', view: 0 };
    port.postMessage({ type: 'events', seq: 2, batch: randomHexId(8), dropped: 0, page, events: [closed] });
    // Once ingest stored it (IndexedDB in between), it consumed the handshake waiting in the matcher.
    await vi.waitFor(() => expect(recorder.matcher.size).toBe(0));
    await recorder.flush();
    const spans = await spansOfTrace(db, page.traceId);
    expect(spans).toHaveLength(2);
    const own = spans.find((s) => s.name === 'WebSocket')!;
    expect(own.attributes['url.full']).toBe('wss://chat.test/live?token=REDACTED');
    expect(own.attributes['spanlight.request.seen_by']).toBeUndefined();
  });
  it("records the page's own socket handshake when no page-side span of it came once its tab moved on", async () => {
    const page = await openPage(5, 'https://app.test/');
    request({ requestId: '22', method: 'GET', url: 'wss://chat.test/live', type: 'websocket', documentUrl: 'https://app.test/', statusCode: 101 });
    await settle();
    expect(recorder.matcher.size).toBe(1);
    // A new document in the tab's top frame: its page side's spans left with the old one.
    const next = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: NOW + 500, url: 'https://app.test/next' };
    runtime.connect('spanlight-bridge', 5, next.url).postMessage({ type: 'view', seq: 1, batch: randomHexId(8), dropped: 0, page: next });
    await vi.waitFor(() => expect(recorder.pages.at(5, 0, NOW + 600)?.page.traceId).toBe(next.traceId));
    await recorder.flush();
    expect(await spansOfTrace(db, page.traceId)).toHaveLength(0);
    skew = GRACE_MS;
    await recorder.flush();
    const spans = await spansOfTrace(db, page.traceId);
    expect(spans.map((s) => s.attributes['spanlight.request.kind'])).toEqual(['websocket']);
  });
});