import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followExportSwitch } from '../src/background/export-switch';
import { Exporter } from '../src/export/exporter';
import { normalizeSettings, SETTINGS_KEY } from '../src/settings';
import { readStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { unsentStored } from '../src/store/export-hold';
import { countParked, countPending } from '../src/store/queries';
import { retryParked } from '../src/store/write-spans';
import { holdAnswers, scriptedFetch } from './support/requests';
import { exportedIds, store } from './support/store';
import { makeSpan } from './support/spans';

const browserInfo = { userAgent: 'UA', sdkVersion: '0.1.0' };
const OLD = 'http://old.test/v1/traces';
const NEW = 'http://new.test/v1/traces';
/** Four requests of ten spans a round: 200 spans are five rounds. */
const LIMITS = { batchSpans: 10, compression: 'none' };
let db: SpanlightDB;
const exporters: Exporter[] = [];

const exporterWith = (send: typeof fetch) => {
  const exporter = new Exporter(db, browserInfo, send);
  exporters.push(exporter);
  return exporter;
};
/** Saves export settings and applies them to the store, as the background does on a change. */
const configure = async (exportSettings: Record<string, unknown>) => {
  const stored = { export: { endpoint: OLD, ...LIMITS, ...exportSettings } };
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: stored });
  await followExportSwitch(db, normalizeSettings(stored));
};
const ok = () => new Response('', { status: 200 });
const spans = Array.from({ length: 200 }, (_, i) => makeSpan(i));
const ids = (from: number, to = spans.length) => spans.slice(from, to).map((s) => s.spanId);

/**
 * A run draining the 200 spans from OLD, stopped with round one delivered and marked and round
 * two (requests 5 to 8) on the wire, their answers held until `release()`.
 */
async function midDrain() {
  await configure({});
  await store(db, spans);
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
}

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  for (const exporter of exporters.splice(0)) exporter.stop();
  await db.delete();
});

describe('exporter restarted by a settings change mid-run', () => {
  it('sends nothing more to the old endpoint than was on the wire, and the rest to the new one', async () => {
    const { exporter, draining, requests, release } = await midDrain();
    // The background applies the change to the store and restarts the loop (src/background/index.ts);
    // the round on the wire answers after.
    const applied = configure({ endpoint: NEW });
    const restarted = exporter.restart(applied);
    await applied;
    release();
    await Promise.all([draining, restarted]);

    const to = (url: string) => requests.filter((r) => r.url === url);
    expect(to(OLD).flatMap((r) => r.spans.map((s) => s.spanId))).toEqual(ids(0, 80));
    // The round on the wire was delivered and marked; the new endpoint has the rest, each once, in order.
    expect(to(NEW).flatMap((r) => r.spans.map((s) => s.spanId))).toEqual(ids(80));
    expect(requests).toHaveLength(20);
    expect(await exportedIds(db)).toEqual(new Set(ids(0)));
    expect(await countParked(db)).toBe(0);
    expect((await readStatus()).export).toMatchObject({ state: 'ok', endpoint: NEW, exported: 200, pending: 0, parked: 0 });
  });

  it('sends nothing more once the endpoint is cleared, and leaves the rest unsent, not marked', async () => {
    const { exporter, draining, requests, release } = await midDrain();
    const applied = configure({ endpoint: '' });
    const restarted = exporter.restart(applied);
    await applied;
    release();
    await Promise.all([draining, restarted]);

    expect(requests).toHaveLength(8);
    expect(await exportedIds(db)).toEqual(new Set(ids(0, 80)));
    // Export is off: nothing pending, the rest stored as never sent (sent if the user asks for stored spans).
    expect(await countPending(db)).toBe(0);
    expect(await unsentStored(db)).toBe(120);
    expect(await countParked(db)).toBe(0);
    expect((await readStatus()).export).toMatchObject({ state: 'off', endpoint: '', pending: 0, parked: 0 });
  });

  it('sends no more traces once the traces signal is turned off; the spans wait for the logs', async () => {
    const { exporter, draining, requests, release } = await midDrain();
    const applied = configure({ signals: 'logs' });
    const restarted = exporter.restart(applied);
    await applied;
    release();
    await Promise.all([draining, restarted]);

    expect(requests).toHaveLength(8);
    // Traces no longer count: the store waits for the logs of every span after round one.
    expect(await countPending(db, 'logs')).toBe(160);
    expect(await countParked(db)).toBe(0);
    expect((await readStatus()).export).toMatchObject({ state: 'off', pending: 0, parked: 0 });
  });

  it('stops sending as soon as it is restarted, while the new settings are still being applied', async () => {
    const { exporter, draining, requests, release } = await midDrain();
    let apply!: () => void;
    const applying = new Promise<void>((resolve) => (apply = resolve));
    const restarted = exporter.restart(applying.then(() => configure({ endpoint: NEW })));
    release();
    await draining;
    expect(requests).toHaveLength(8);
    apply();
    await restarted;
    expect(requests.filter((r) => r.url === NEW).flatMap((r) => r.spans.map((s) => s.spanId))).toEqual(ids(80));
    expect(await exportedIds(db)).toEqual(new Set(ids(0)));
  });

  it('sends parked requests the user retried to the new endpoint once it changes', async () => {
    await configure({ batchSpans: 1 });
    const three = spans.slice(0, 3);
    await store(db, three);
    const refusal = new Response('{"code":3,"message":"bad span"}', { status: 400, headers: { 'content-type': 'application/json' } });
    const { send, requests } = scriptedFetch(refusal, refusal, refusal, ok());
    const wire = holdAnswers(send, 4); // the first parked request sent again stays on the wire
    const exporter = exporterWith(wire.send);
    await exporter.run();
    expect(await db.parked.count()).toBe(3);
    expect(await retryParked(db)).toBe(3);

    const draining = exporter.run();
    await wire.held;
    const applied = configure({ batchSpans: 1, endpoint: NEW });
    const restarted = exporter.restart(applied);
    await applied;
    wire.release();
    await Promise.all([draining, restarted]);

    expect(requests.filter((r) => r.url === OLD)).toHaveLength(4);
    expect(requests.filter((r) => r.url === NEW)).toHaveLength(2);
    // Each retried once in all, none lost, none parked again.
    expect(requests.slice(3).flatMap((r) => r.spans.map((s) => s.spanId)).sort()).toEqual(ids(0, 3).sort());
    expect(await db.parked.count()).toBe(0);
    expect(await exportedIds(db)).toEqual(new Set(ids(0, 3)));
    expect((await readStatus()).export).toMatchObject({ state: 'ok', endpoint: NEW, exported: 3, pending: 0, parked: 0 });
  });
});

describe('exporter stopped by an error', () => {
  it('says so in the status, spans pending, and the next run sends them', async () => {
    await configure({});
    await store(db, spans.slice(0, 20));
    // The store refuses the first write of the export's position (a full disk, a closed database).
    const bulkPut = db.meta.bulkPut.bind(db.meta);
    let refusals = 1;
    vi.spyOn(db.meta, 'bulkPut').mockImplementation(((rows: unknown[]) => {
      if (refusals-- > 0) return Promise.reject(new Error('QuotaExceededError'));
      return bulkPut(rows as never);
    }) as never);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { send } = scriptedFetch(ok());
    const exporter = exporterWith(send);
    await exporter.run();
    warn.mockRestore();
    expect(await countPending(db)).toBe(20);
    const status = (await readStatus()).export;
    expect(status.state).toBe('error');
    expect(status.nextAttemptAt).toBeUndefined();
    expect(status.lastError).toMatch(/^export stopped \(Error: QuotaExceededError\)/);

    await exporter.run();
    expect(await countPending(db)).toBe(0);
    expect((await readStatus()).export).toMatchObject({ state: 'ok', pending: 0 });
  });
});
