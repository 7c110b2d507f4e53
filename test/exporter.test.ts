import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Exporter, backoffMs } from '../src/export/exporter';
import { SETTINGS_KEY } from '../src/settings';
import { readStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { countPending } from '../src/store/queries';
import { storeSpans } from '../src/store/write-spans';
import { decodeProtobufRequest } from './support/otlp';
import { makeSpan } from './support/spans';

const browserInfo = { userAgent: 'UA', sdkVersion: '0.1.0' };
const exporters: Exporter[] = [];
/** An exporter stopped after the test, so no retry outlives its database. */
const exporterWith = (send: typeof fetch) => {
  const exporter = new Exporter(db, browserInfo, send);
  exporters.push(exporter);
  return exporter;
};
let db: SpanlightDB;
const tab = { runId: 'r1', tabId: 1 };

/** A fetch that records requests and answers with the next scripted response. */
function scriptedFetch(...answers: (Response | Error)[]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const send = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof Error) throw answer;
    return answer.clone();
  }) as unknown as typeof fetch;
  return { send, requests };
}

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  for (const exporter of exporters.splice(0)) exporter.stop();
  await db.delete();
});

describe('exporter', () => {
  it('stays off and sends nothing until an endpoint is set', async () => {
    await storeSpans(db, [makeSpan()], tab);
    const { send, requests } = scriptedFetch(new Response(''));
    await exporterWith(send).run();
    expect(requests).toHaveLength(0);
    expect((await readStatus()).export).toMatchObject({ state: 'off', pending: 1 });
  });

  it('sends pending spans in batches with the user headers and marks them exported', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { export: { endpoint: 'http://collector.test/v1/traces', headers: { 'x-api-key': 'k' } } },
    });
    const spans = Array.from({ length: 600 }, (_, i) => makeSpan(i));
    await storeSpans(db, spans, tab);
    const { send, requests } = scriptedFetch(new Response('{}', { status: 200 }));
    await exporterWith(send).run();
    expect(requests).toHaveLength(2);
    const headers = requests[0]!.init.headers as Record<string, string>;
    expect(headers).toMatchObject({ 'x-api-key': 'k', 'Content-Type': 'application/x-protobuf' });
    const sent = requests.flatMap((r) => decodeProtobufRequest(r.init.body as Uint8Array).map((s) => s.spanId));
    expect(new Set(sent)).toEqual(new Set(spans.map((s) => s.spanId)));
    expect(await countPending(db)).toBe(0);
    expect(await db.spans.count()).toBe(600);
    expect((await readStatus()).export).toMatchObject({ state: 'ok', exported: 600, pending: 0 });
  });

  it('keeps spans pending and reports the collector answer on failure', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: 'http://collector.test/v1/traces' } } });
    await storeSpans(db, [makeSpan()], tab);
    const { send } = scriptedFetch(new Response('bad gateway', { status: 502 }));
    await exporterWith(send).run();
    expect(await countPending(db)).toBe(1);
    const status = (await readStatus()).export;
    expect(status.state).toBe('error');
    expect(status.lastError).toBe('collector answered HTTP 502: bad gateway');
    expect(status.nextAttemptAt).toBeGreaterThan(Date.now());
  });

  it('reports an unreachable collector and an invalid endpoint', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: 'http://127.0.0.1:1/v1/traces' } } });
    await storeSpans(db, [makeSpan()], tab);
    const { send } = scriptedFetch(new TypeError('Failed to fetch'));
    await exporterWith(send).run();
    expect((await readStatus()).export.lastError).toMatch(/^collector unreachable at http:\/\/127\.0\.0\.1:1/);

    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: 'collector:4318' } } });
    await exporterWith(send).restart();
    expect((await readStatus()).export.lastError).toMatch(/invalid endpoint/);
    expect(await countPending(db)).toBe(1);
  });

  it('backs off exponentially with jitter, up to five minutes', () => {
    expect(backoffMs(1, () => 0.5)).toBe(1000);
    expect(backoffMs(4, () => 0.5)).toBe(8000);
    expect(backoffMs(30, () => 0.5)).toBe(300_000);
    expect(backoffMs(2, () => 0)).toBe(1600);
    expect(backoffMs(2, () => 1)).toBe(2400);
  });
});

describe('exporter retry timing', () => {
  it('comes back when the backoff ends, even when woken earlier by new spans', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: 'http://collector.test/v1/traces' } } });
    await storeSpans(db, [makeSpan()], tab);
    const { send, requests } = scriptedFetch(new Response('', { status: 503 }), new Response('', { status: 200 }));
    const exporter = exporterWith(send);
    exporter.schedule(20); // new spans arrived: a run is due in 20 ms
    await exporter.run(); // fails now: backs off about a second
    expect(requests).toHaveLength(1);
    // The 20 ms run finds the backoff still on; it must come back when it ends, not give up.
    await vi.waitFor(() => expect(requests).toHaveLength(2), { timeout: 3000, interval: 50 });
    await vi.waitFor(async () => expect(await countPending(db)).toBe(0));
  });
});
