import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followExportSwitch } from '../src/background/export-switch';
import { Exporter, backoffMs } from '../src/export/exporter';
import { getSettings } from '../src/managed-settings';
import { SETTINGS_KEY } from '../src/settings';
import { readStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { unsentStored } from '../src/store/export-hold';
import { countParked, countPending, exportFailures } from '../src/store/queries';
import { retryParked } from '../src/store/write-spans';
import { holdAnswers, scriptedFetch } from './support/requests';
import { exportedIds, store } from './support/store';
import { makeSpan } from './support/spans';

const browserInfo = { userAgent: 'UA', sdkVersion: '0.1.0' };
const tab = { runId: 'r1', tabId: 1 };
const ENDPOINT = 'http://collector.test/v1/traces';
let db: SpanlightDB;
const exporters: Exporter[] = [];

/** An exporter stopped after the test, so no retry outlives its database. */
const exporterWith = (send: typeof fetch) => {
  const exporter = new Exporter(db, browserInfo, send);
  exporters.push(exporter);
  return exporter;
};
const configure = (exportSettings: Record<string, unknown> = {}) =>
  fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: ENDPOINT, ...exportSettings } } });
const ok = () => new Response('', { status: 200 });

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
    await store(db, [makeSpan()], tab);
    const { send, requests } = scriptedFetch(ok());
    await exporterWith(send).run();
    expect(requests).toHaveLength(0);
    expect((await readStatus()).export).toMatchObject({ state: 'off', pending: 0 });
  });

  it('sends pending spans gzipped in batches with the user headers, and marks them exported', async () => {
    await configure({ headers: { 'x-api-key': 'k' } });
    const spans = Array.from({ length: 600 }, (_, i) => makeSpan(i));
    await store(db, spans, tab);
    const { send, requests } = scriptedFetch(ok());
    await exporterWith(send).run();
    expect(requests.map((r) => r.spans.length).sort((a, b) => b - a)).toEqual([512, 88]);
    expect(requests[0]!.headers).toMatchObject({ 'x-api-key': 'k', 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' });
    expect(new Set(requests.flatMap((r) => r.spans.map((s) => s.spanId)))).toEqual(new Set(spans.map((s) => s.spanId)));
    // Oldest first: the full request holds the first 512 spans.
    expect(requests.find((r) => r.spans.length === 512)!.spans[0]!.spanId).toBe(spans[0]!.spanId);
    expect(await countPending(db)).toBe(0);
    expect(await exportedIds(db)).toEqual(new Set(spans.map((s) => s.spanId)));
    expect((await readStatus()).export).toMatchObject({ state: 'ok', exported: 600, pending: 0 });
  });

  it('splits a batch whose body is over the byte limit', async () => {
    await configure({ batchKilobytes: 16, compression: 'none', protocol: 'http/json' });
    const big = 'x'.repeat(3000);
    await store(db, Array.from({ length: 20 }, (_, i) => makeSpan(i, { attributes: { big } })), tab);
    const { send, requests } = scriptedFetch(ok());
    await exporterWith(send).run();
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.reduce((n, r) => n + r.spans.length, 0)).toBe(20);
    expect(requests.every((r) => r.headers['Content-Encoding'] === undefined)).toBe(true);
  });

  it('keeps spans pending on a retryable answer and reports it', async () => {
    await configure();
    await store(db, [makeSpan()], tab);
    const { send } = scriptedFetch(new Response('bad gateway', { status: 502 }));
    await exporterWith(send).run();
    expect(await countPending(db)).toBe(1);
    const status = (await readStatus()).export;
    expect(status).toMatchObject({ state: 'error', lastError: 'collector answered HTTP 502: bad gateway', pending: 1 });
    expect(status.nextAttemptAt).toBeGreaterThan(Date.now());
  });

  it('waits as long as Retry-After asks before trying again', async () => {
    await configure();
    await store(db, [makeSpan()], tab);
    const { send } = scriptedFetch(new Response('slow down', { status: 429, headers: { 'Retry-After': '120' } }));
    const before = Date.now();
    await exporterWith(send).run();
    expect((await readStatus()).export.nextAttemptAt).toBeGreaterThanOrEqual(before + 120_000);
  });

  it('sends in rounds of requests, in arrival order; after a failure mid-round it resends only from the first undelivered', async () => {
    await configure({ batchSpans: 10, compression: 'none' });
    const spans = Array.from({ length: 100 }, (_, i) => makeSpan(i));
    for (let i = 0; i < 100; i += 25) await store(db, spans.slice(i, i + 25), tab); // requests cross stored batches
    // Round one is four requests: the third fails, the fourth is answered but comes after it.
    const { send, requests } = scriptedFetch(ok(), ok(), new Response('', { status: 503 }), ok());
    const exporter = exporterWith(send);
    await exporter.run();
    const ids = (from: number, to: number) => spans.slice(from, to).map((s) => s.spanId);
    expect(requests.map((r) => r.spans.map((s) => s.spanId))).toEqual([ids(0, 10), ids(10, 20), ids(20, 30), ids(30, 40)]);
    expect(await exportedIds(db)).toEqual(new Set(ids(0, 20)));
    expect(await countPending(db)).toBe(80);

    await exporter.restart();
    // From the first undelivered span on, in order, each span once more.
    expect(requests.slice(4).flatMap((r) => r.spans.map((s) => s.spanId))).toEqual(ids(20, 100));
    expect(requests.slice(4).every((r) => r.spans.length === 10)).toBe(true);
    expect(await exportedIds(db)).toEqual(new Set(ids(0, 100)));
    expect((await readStatus()).export).toMatchObject({ state: 'ok', exported: 100, pending: 0 });
  });

  it('stops a drain at a delivered answer it could not mark, and sends from the last mark on the next run', async () => {
    await configure({ batchSpans: 10, compression: 'none' });
    const spans = Array.from({ length: 400 }, (_, i) => makeSpan(i));
    await store(db, spans, tab);
    // The store refuses the first write of the export's position (a full disk, a closed database).
    const bulkPut = db.meta.bulkPut.bind(db.meta);
    let refusals = 1;
    vi.spyOn(db.meta, 'bulkPut').mockImplementation(((rows: unknown[]) => {
      if (refusals-- > 0) return Promise.reject(new Error('QuotaExceededError'));
      return bulkPut(rows as never);
    }) as never);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { send, requests } = scriptedFetch(ok());
    const exporter = exporterWith(send);
    await exporter.run();
    warn.mockRestore();
    // Not all 40 requests sent with nothing marked (all sent again next time): it stops soon after.
    expect(requests.length).toBeLessThanOrEqual(20);
    const left = await countPending(db);
    expect(left).toBeGreaterThanOrEqual(400 - 10 * requests.length);
    // The status says why the spans are still pending.
    const stopped = (await readStatus()).export;
    expect(stopped.state).toBe('error');
    expect(stopped.lastError).toMatch(/^export stopped \(Error: QuotaExceededError\): spans stay pending/);
    expect(stopped.nextAttemptAt).toBeUndefined();
    const first = requests.length;
    await exporter.run();
    // The next run goes on from the last position written, each span once, in order.
    expect(requests.slice(first).flatMap((r) => r.spans.map((s) => s.spanId))).toEqual(spans.slice(400 - left).map((s) => s.spanId));
    expect(await countPending(db)).toBe(0);
    expect((await readStatus()).export).toMatchObject({ state: 'ok', pending: 0 });
  });

  it('parks a refused batch with the collector message, and sends it again when retried', async () => {
    await configure();
    const spans = [makeSpan(0), makeSpan(1)];
    await store(db, spans, tab);
    const { send, requests } = scriptedFetch(new Response('{"code":3,"message":"bad span"}', { status: 400, headers: { 'content-type': 'application/json' } }), ok());
    const exporter = exporterWith(send);
    await exporter.run();
    expect(await countParked(db)).toBe(2);
    expect(await countPending(db)).toBe(0);
    expect(await exportedIds(db)).toEqual(new Set());
    expect((await exportFailures(db))[0]).toMatchObject({ status: 400, message: 'collector answered HTTP 400: bad span', spans: 2 });
    expect((await readStatus()).export).toMatchObject({ state: 'error', parked: 2 });

    expect(await retryParked(db)).toBe(2);
    await exporter.restart();
    expect(requests).toHaveLength(2);
    expect(await exportedIds(db)).toEqual(new Set(spans.map((s) => s.spanId)));
    expect(requests[1]!.spans.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    expect(await exportFailures(db)).toEqual([]);
  });

  it('reports a partial success', async () => {
    await configure({ protocol: 'http/json' });
    await store(db, [makeSpan()], tab);
    const body = '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"span too old"}}';
    const { send } = scriptedFetch(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
    await exporterWith(send).run();
    expect((await readStatus()).export.lastPartial).toMatchObject({ rejected: 1, message: 'span too old' });
    expect(await countPending(db)).toBe(0);
  });

  it('reports an unreachable collector and an invalid endpoint', async () => {
    await configure({ endpoint: 'http://127.0.0.1:1/v1/traces' });
    await store(db, [makeSpan()], tab);
    const { send } = scriptedFetch(new TypeError('Failed to fetch'));
    await exporterWith(send).run();
    expect((await readStatus()).export.lastError).toMatch(/^collector unreachable at http:\/\/127\.0\.0\.1:1/);

    await configure({ endpoint: 'collector:4318' });
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

  it('comes back when the backoff ends, even when woken earlier by new spans', async () => {
    await configure();
    await store(db, [makeSpan()], tab);
    const { send, requests } = scriptedFetch(new Response('', { status: 503 }), ok());
    const exporter = exporterWith(send);
    exporter.schedule(20); // new spans arrived: a run is due in 20 ms
    await exporter.run(); // fails now: backs off about a second
    expect(requests).toHaveLength(1);
    // The 20 ms run finds the backoff still on; it must come back when it ends, not give up.
    await vi.waitFor(() => expect(requests).toHaveLength(2), { timeout: 3000, interval: 50 });
    await vi.waitFor(async () => expect(await countPending(db)).toBe(0));
  });

  it.each([
    ['a redirect', () => new Response('', { status: 302, headers: { location: 'http://sso.test/login' } }), /a redirect to http:\/\/sso\.test\/login/],
    ['a 200 login page', () => new Response('<html>Sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } }), /with text\/html, not OTLP/],
  ])('parks spans answered by %s, never counting them as exported', async (_, answer, message) => {
    await configure();
    await store(db, [makeSpan(0), makeSpan(1)], tab);
    const { send, requests } = scriptedFetch(answer);
    await exporterWith(send).run();
    expect(requests).toHaveLength(1);
    expect(await exportedIds(db)).toEqual(new Set());
    expect(await countParked(db)).toBe(2);
    const status = (await readStatus()).export;
    expect(status).toMatchObject({ state: 'error', exported: 0, parked: 2 });
    expect(status.lastError).toMatch(message);
  });

  it('leaves out stored headers the browser cannot send or the export sets itself, and sends with the others', async () => {
    // Written by a script (the settings page refuses them): a bad name, a value outside Latin-1,
    // and a Content-Type that would contradict the body's.
    await configure({ headers: { 'bad name': 'k', 'x-key': 'tok€n', 'content-type': 'text/plain', 'x-api-key': 'k' } });
    await store(db, [makeSpan()], tab);
    const { send, requests } = scriptedFetch(ok());
    await exporterWith(send).run();
    expect(requests).toHaveLength(1);
    expect(Object.keys(requests[0]!.headers).sort()).toEqual(['Content-Encoding', 'Content-Type', 'x-api-key']);
    expect(requests[0]!.headers['Content-Type']).toBe('application/x-protobuf');
    expect(await countPending(db)).toBe(0);
  });

  describe('a parked batch sent again', () => {
    const refusal = (message: string) => new Response(JSON.stringify({ code: 3, message }), { status: 400, headers: { 'content-type': 'application/json' } });
    const parkTwo = async (exporter: Exporter) => {
      await store(db, [makeSpan(0), makeSpan(1)], tab);
      await exporter.run();
      expect(await countParked(db)).toBe(2);
      expect(await retryParked(db)).toBe(2);
    };

    it('refused again, is parked once under the new answer', async () => {
      await configure();
      const { send } = scriptedFetch(refusal('first'), refusal('second'));
      const exporter = exporterWith(send);
      await parkTwo(exporter);
      await exporter.restart();
      expect(await db.parked.count()).toBe(1);
      expect(await countParked(db)).toBe(2);
      expect((await exportFailures(db)).map((f) => f.message)).toEqual(['collector answered HTTP 400: second']);
    });

    it('is not lost when parking it again fails: the row it came from stays, in the same transaction', async () => {
      await configure();
      const { send, requests } = scriptedFetch(refusal('first'), refusal('second'));
      const exporter = exporterWith(send);
      await parkTwo(exporter);
      // The worker dies while writing the new parked copy: the write aborts.
      const fail = () => {
        throw new Error('worker stopped');
      };
      db.failures.hook('creating', fail);
      await exporter.restart();
      db.failures.hook('creating').unsubscribe(fail);
      expect(requests).toHaveLength(2);
      expect((await db.parked.toArray()).map((row) => [row.retry, row.spans.length])).toEqual([[1, 2]]);
      // And it is sent again on the next run.
      await exporter.restart();
      expect(requests).toHaveLength(3);
      expect(await countParked(db)).toBe(2);
    });

    it('stays parked, to be sent again, when the answer is retryable', async () => {
      await configure();
      const { send } = scriptedFetch(refusal('first'), new Response('', { status: 503 }));
      const exporter = exporterWith(send);
      await parkTwo(exporter);
      await exporter.restart();
      expect((await db.parked.toArray()).map((row) => [row.retry, row.spans.length])).toEqual([[1, 2]]);
      expect(await countPending(db)).toBe(2);
    });
  });

  describe('restarted by a settings change mid-run', () => {
    const NEW = 'http://new.test/v1/traces';
    /** Four requests of ten spans a round: 200 spans are five rounds. */
    const LIMITS = { batchSpans: 10, compression: 'none' };
    const spans = Array.from({ length: 200 }, (_, i) => makeSpan(i));
    const ids = (from: number, to = spans.length) => spans.slice(from, to).map((s) => s.spanId);
    const idsOf = (requests: { spans: { spanId: string }[] }[]) => requests.flatMap((r) => r.spans.map((s) => s.spanId));
    /** Saves export settings and applies them to the store, as the background does on a change. */
    const apply = async (exportSettings: Record<string, unknown>) => {
      await configure({ ...LIMITS, ...exportSettings });
      await followExportSwitch(db, await getSettings());
    };

    /**
     * A run draining the 200 spans to ENDPOINT, caught with round one delivered and marked and
     * round two (requests 5 to 8) on the wire, their answers held until `release()`.
     */
    const midDrain = async () => {
      await apply({});
      await store(db, spans, tab);
      const { send, requests } = scriptedFetch(ok());
      const wire = holdAnswers(send, 5);
      const exporter = exporterWith(wire.send);
      const draining = exporter.run();
      await wire.held;
      await vi.waitFor(async () => expect(await countPending(db)).toBe(160));
      // The alarm or new spans share the run in progress: it goes on.
      expect(exporter.run()).toBe(draining);
      expect(requests).toHaveLength(8);
      return { exporter, draining, requests, release: wire.release };
    };
    /**
     * The settings change mid-drain: the background applies them to the store and restarts the
     * loop (src/background/index.ts); the round on the wire answers after. Resolves with every
     * request made once the next run is done.
     */
    const changedMidDrain = async (exportSettings: Record<string, unknown>) => {
      const { exporter, draining, requests, release } = await midDrain();
      const applied = apply(exportSettings);
      const restarted = exporter.restart(applied);
      await applied;
      release();
      await Promise.all([draining, restarted]);
      return requests;
    };

    it('sends nothing more to the old endpoint than was on the wire, and the rest to the new one', async () => {
      const requests = await changedMidDrain({ endpoint: NEW });
      expect(idsOf(requests.filter((r) => r.url === ENDPOINT))).toEqual(ids(0, 80));
      // The round on the wire was delivered and marked; the new endpoint has the rest, each once, in order.
      expect(idsOf(requests.filter((r) => r.url === NEW))).toEqual(ids(80));
      expect(requests).toHaveLength(20);
      expect(await exportedIds(db)).toEqual(new Set(ids(0)));
      expect(await countParked(db)).toBe(0);
      expect((await readStatus()).export).toMatchObject({ state: 'ok', endpoint: NEW, exported: 200, pending: 0, parked: 0 });
    });

    it('sends nothing more once the endpoint is cleared, and leaves the rest unsent, not marked', async () => {
      const requests = await changedMidDrain({ endpoint: '' });
      expect(requests).toHaveLength(8);
      expect(await exportedIds(db)).toEqual(new Set(ids(0, 80)));
      // Export is off: nothing pending, the rest stored as never sent (sent if the user asks for stored spans).
      expect(await countPending(db)).toBe(0);
      expect(await unsentStored(db)).toBe(120);
      expect(await countParked(db)).toBe(0);
      expect((await readStatus()).export).toMatchObject({ state: 'off', endpoint: '', pending: 0, parked: 0 });
    });

    it('sends no more traces once the traces signal is turned off; the spans wait for the logs', async () => {
      const requests = await changedMidDrain({ signals: 'logs' });
      expect(requests).toHaveLength(8);
      // Traces no longer count: the store waits for the logs of every span after round one.
      expect(await countPending(db, 'logs')).toBe(160);
      expect(await countParked(db)).toBe(0);
      expect((await readStatus()).export).toMatchObject({ state: 'off', pending: 0, parked: 0 });
    });

    it('stops sending as soon as it is restarted, while the new settings are still being applied', async () => {
      const { exporter, draining, requests, release } = await midDrain();
      let applied!: () => void;
      const applying = new Promise<void>((resolve) => (applied = resolve));
      const restarted = exporter.restart(applying.then(() => apply({ endpoint: NEW })));
      release();
      await draining;
      expect(requests).toHaveLength(8);
      applied();
      await restarted;
      expect(idsOf(requests.filter((r) => r.url === NEW))).toEqual(ids(80));
      expect(await exportedIds(db)).toEqual(new Set(ids(0)));
    });

    it('sends none of a round still being compressed once the endpoint is cleared', async () => {
      await apply({ compression: 'gzip' });
      await store(db, spans, tab);
      const { send, requests } = scriptedFetch(ok());
      let restarted: Promise<void> | undefined;
      // The round's first request leaves; the user clears the endpoint while the other three are compressed.
      const exporter: ReturnType<typeof exporterWith> = exporterWith(((url: string, init: RequestInit) => {
        const answer = send(url, init);
        if (requests.length === 5) restarted = exporter.restart(apply({ compression: 'gzip', endpoint: '' }));
        return answer;
      }) as unknown as typeof fetch);
      await exporter.run();
      await restarted;
      expect(requests).toHaveLength(5);
      // Round one is marked; of round two, what left is marked only where it continues the prefix
      // (its requests' compression may finish in any order): never a span that did not leave.
      const exported = await exportedIds(db);
      expect(ids(0, 40).every((id) => exported.has(id))).toBe(true);
      expect([...exported].every((id) => idsOf(requests).includes(id))).toBe(true);
      expect(await countParked(db)).toBe(0);
      expect((await readStatus()).export).toMatchObject({ state: 'off', endpoint: '' });
    });

    it('sends parked requests the user retried to the new endpoint once it changes', async () => {
      await apply({ batchSpans: 1 });
      const three = spans.slice(0, 3);
      await store(db, three, tab);
      const refusal = new Response('{"code":3,"message":"bad span"}', { status: 400, headers: { 'content-type': 'application/json' } });
      const { send, requests } = scriptedFetch(refusal, refusal, refusal, ok());
      const wire = holdAnswers(send, 4); // the first parked request sent again stays on the wire
      const exporter = exporterWith(wire.send);
      await exporter.run();
      expect(await db.parked.count()).toBe(3);
      expect(await retryParked(db)).toBe(3);

      const draining = exporter.run();
      await wire.held;
      const applied = apply({ batchSpans: 1, endpoint: NEW });
      const restarted = exporter.restart(applied);
      await applied;
      wire.release();
      await Promise.all([draining, restarted]);

      expect(requests.filter((r) => r.url === ENDPOINT)).toHaveLength(4);
      expect(requests.filter((r) => r.url === NEW)).toHaveLength(2);
      // Each retried once in all, none lost, none parked again.
      expect(idsOf(requests.slice(3)).sort()).toEqual(ids(0, 3).sort());
      expect(await db.parked.count()).toBe(0);
      expect(await exportedIds(db)).toEqual(new Set(ids(0, 3)));
      expect((await readStatus()).export).toMatchObject({ state: 'ok', endpoint: NEW, exported: 3, pending: 0, parked: 0 });
    });
  });
});
