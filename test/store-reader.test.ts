import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SpanlightDB } from '../src/store/db';
import { listPageViews } from '../src/store/queries';
import { storeReader, watchQuery } from '../src/store/reader';
import { makeSpan } from './support/spans';
import { store } from './support/store';

const names = async () => (await Dexie.getDatabaseNames()) as string[];

/** The version IndexedDB holds for `name` (Dexie stores its version × 10), without changing it. */
function versionOnDisk(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      resolve(request.result.version);
      request.result.close();
    };
    request.onerror = () => reject(request.error);
  });
}

/** Resolves with `promise`'s value, or 'pending' if it has not settled after `turns` timer turns. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

describe('the UI pages’ reader of the store', () => {
  beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => undefined));

  it('does not create a store the background has not created, and opens once it has', async () => {
    const name = `reader-${Math.random()}`;
    const reader = storeReader(name);
    // Three retries' worth: the reader keeps waiting, and has created nothing.
    expect(await settledWithin(reader, 700)).toBe('pending');
    expect(await names()).not.toContain(name);

    const writer = new SpanlightDB(name);
    await store(writer, [makeSpan(0)]);
    const db = await reader;
    expect(db.verno).toBe(writer.verno);
    expect(await listPageViews(db, { limit: 10 })).toHaveLength(1);
    db.close();
    await writer.delete();
  });

  it('leaves an older store for the background to upgrade, then reads what the upgrade built', async () => {
    const name = `reader-${Math.random()}`;
    // A store as version 1 left it: batches and payloads, no page-view index.
    const old = new Dexie(name);
    old.version(1).stores({ batches: '++seq, &key, [runId+tabId], *traceIds, end', payloads: 'seq', parked: '++id, retry, failureId, end', failures: '++id, at', meta: 'key' });
    const span = makeSpan(0);
    const seq = (await old.table('batches').add({ key: 'k', runId: 'r', tabId: 1, traceIds: [span.traceId], count: 1, start: span.start, end: span.end })) as number;
    await old.table('payloads').add({ seq, spans: [span] });
    old.close();

    const reader = storeReader(name);
    expect(await settledWithin(reader, 700)).toBe('pending');
    expect(await versionOnDisk(name)).toBe(10);

    const writer = new SpanlightDB(name);
    await writer.open();
    const db = await reader;
    expect((await listPageViews(db, { limit: 10 })).map((row) => row.traceId)).toEqual([span.traceId]);
    db.close();
    await writer.delete();
  });

  it('does not let Dexie patch a store of its version that lacks an index: the background does that too', async () => {
    const name = `reader-${Math.random()}`;
    const current = new SpanlightDB(name);
    const version = current.verno * 10;
    const stores = current.tables.map((t) => [t.name, t.schema.primKey] as const);
    // The version the reader expects, with its tables but not one index.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, version);
      request.onupgradeneeded = () => {
        for (const [table, key] of stores) request.result.createObjectStore(table, { keyPath: key.keyPath ?? undefined, autoIncrement: key.auto });
      };
      request.onsuccess = () => (request.result.close(), resolve());
      request.onerror = () => reject(request.error);
    });
    const reader = storeReader(name);
    expect(await settledWithin(reader, 700)).toBe('pending');
    expect(await versionOnDisk(name)).toBe(version);
    await current.open();
    (await reader).close();
    await current.delete();
  });

  it('gives a query’s result, again after the background writes, and nothing after it is stopped', async () => {
    const name = `reader-${Math.random()}`;
    const writer = new SpanlightDB(name);
    await writer.open();
    const seen: number[] = [];
    const errors: unknown[] = [];
    const stop = watchQuery((db) => listPageViews(db, { limit: 10 }).then((rows) => rows.length), (n) => seen.push(n), (e) => errors.push(e), name);
    await expect.poll(() => seen).toEqual([0]);
    await store(writer, [makeSpan(0)]);
    await expect.poll(() => seen).toEqual([0, 1]);
    stop();
    await store(writer, [makeSpan(1)]);
    // The write is seen by a second watch, so the first has had its chance to see it too.
    const after: number[] = [];
    const stopAfter = watchQuery((db) => listPageViews(db, { limit: 10 }).then((rows) => rows.length), (n) => after.push(n), (e) => errors.push(e), name);
    await expect.poll(() => after).toEqual([2]);
    stopAfter();
    expect(seen).toEqual([0, 1]);
    expect(errors).toEqual([]);
    (await storeReader(name)).close();
    await writer.delete();
  });
});
