import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storeMakingRoom } from '../src/background/retention';
import { readStatus } from '../src/status';
import Dexie from 'dexie';
import { SpanlightDB, storedBytes, type BatchRow } from '../src/store/db';
import { applyRetention, evictLargestFirst, makeRoom } from '../src/store/retention';
import { countParked, countSpans, exportFailures, pendingSpans } from '../src/store/queries';
import { markExportedUpTo, parkSpans, storeBatch, type BatchSource } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { store } from './support/store';
import { makeSpan } from './support/spans';

const tab = { runId: 'r1', tabId: 1 };
const DAY = 86_400_000;
/** makeSpan's spans start at this Unix time. */
const T0 = 1_732_172_400_000;
let db: SpanlightDB;
beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(() => db.delete());

/** Stores one batch per span, starting `offsets` ms after T0; with `exported`, the collector has them. */
async function seed(exported: boolean, ...offsets: number[]) {
  const spans = offsets.map((o) => makeSpan(o));
  for (const span of spans) await store(db, [span], tab);
  if (exported) await markExportedUpTo(db, { seq: Math.max(...(await db.batches.toCollection().primaryKeys())), offset: 1 });
  return spans;
}
const ids = async () => (await db.payloads.toArray()).flatMap((p) => p.spans.map((s) => s.spanId)).sort();
const noUsage = async () => undefined;
const limits = { maxAgeMs: 365 * DAY, maxSpans: 1_000_000, maxBytes: 1e12 };

describe('retention', () => {
  it('evicts spans nothing waits for first, oldest first, and only then the unsent ones', async () => {
    const exported = await seed(true, 5, 3, 4);
    const pending = await seed(false, 1, 2);
    expect(await evictLargestFirst(db, { spans: 2, bytes: 0 })).toEqual({ exported: 2, dropped: 0 });
    expect(await ids()).toEqual([exported[2]!, ...pending].map((s) => s.spanId).sort());
    expect(await evictLargestFirst(db, { spans: 2, bytes: 0 })).toEqual({ exported: 1, dropped: 1 });
    expect(await ids()).toEqual([pending[1]!.spanId]);
  });

  it('deletes spans older than the age limit that were sent, and keeps the unsent ones', async () => {
    await seed(true, 0, 2 * DAY);
    const pending = await seed(false, 1, 3 * DAY);
    // Cutoff: T0 + 1.5 days. Older: the exported span at T0 and the pending one at T0 + 1 ms.
    const evicted = await applyRetention(db, { ...limits, maxAgeMs: DAY }, noUsage, T0 + 2.5 * DAY);
    expect(evicted).toEqual({ exported: 1, dropped: 0 });
    expect(await countSpans(db)).toBe(3);
    expect(await ids()).toContain(pending[0]!.spanId);
  });

  it('keeps the count within its limit', async () => {
    await seed(true, ...Array.from({ length: 30 }, (_, i) => i));
    expect(await applyRetention(db, { ...limits, maxSpans: 20 }, noUsage, T0)).toEqual({ exported: 10, dropped: 0 });
    expect(await countSpans(db)).toBe(20);
  });

  it('keeps the bytes within their limit by its own ledger, the estimate only as a ceiling', async () => {
    const spans = await seed(true, ...Array.from({ length: 20 }, (_, i) => i));
    const one = storedBytes([spans[0]!]);
    // An estimate lagging behind deletes (far over the limit) deletes only what the ledger says is over.
    const lagging = async () => 1e9;
    expect(await applyRetention(db, { ...limits, maxBytes: 10 * one }, lagging, T0)).toEqual({ exported: 10, dropped: 0 });
    expect(await applyRetention(db, { ...limits, maxBytes: 10 * one }, lagging, T0)).toEqual({ exported: 0, dropped: 0 });
    // An estimate under the limit caps the ledger's count: nothing goes.
    expect(await applyRetention(db, { ...limits, maxBytes: 5 * one }, async () => 4 * one, T0)).toEqual({ exported: 0, dropped: 0 });
    expect(await countSpans(db)).toBe(10);
  });

  it('counts parked copies, and drops them as one consumer once nothing else is left to take', async () => {
    await store(db, [makeSpan(0), makeSpan(1), makeSpan(2), makeSpan(3)], tab);
    const { spans, positions } = await pendingSpans(db, 4);
    await parkSpans(db, spans, { at: 1, status: 400, message: 'bad' }, positions.at(-1));
    // 4 stored + 4 parked, over a limit of 6: the stored batch (sent, as far as export goes) is not enough.
    expect(await applyRetention(db, { ...limits, maxSpans: 6 }, noUsage, T0)).toEqual({ exported: 4, dropped: 0 });
    expect(await countParked(db)).toBe(4);
    expect(await applyRetention(db, { ...limits, maxSpans: 2 }, noUsage, T0)).toEqual({ exported: 0, dropped: 4 });
    expect(await countParked(db)).toBe(0);
    expect(await exportFailures(db)).toEqual([]);
  });

  it('makes room when storage is full, counts what it dropped, and stores the batch', async () => {
    await seed(false, 1);
    let calls = 0;
    const fullOnce: typeof storeBatch = async (...args) => {
      if (calls++ === 0) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
      return storeBatch(...args);
    };
    const batch = [makeSpan(10), makeSpan(11)];
    expect(await storeMakingRoom(db, 'bbbbbbbbbbbbbbbb', batch, tab, 0, fullOnce)).toBe(2);
    expect(await ids()).toEqual(batch.map((s) => s.spanId).sort());
    expect((await readStatus()).dropped.quota).toBe(1);
  });

  it('rethrows other storage errors', async () => {
    const broken: typeof storeBatch = async () => {
      throw Object.assign(new Error('closed'), { name: 'DatabaseClosedError' });
    };
    await expect(storeMakingRoom(db, 'cccccccccccccccc', [makeSpan()], tab, 0, broken)).rejects.toThrow('closed');
  });

  describe('per origin', () => {
    const A = 'https://a.example';
    const B = 'https://b.example';
    /** Stores one span of `origin` per offset, a batch each; resolves with the spans. */
    async function seedOrigin(origin: string, ...offsets: number[]) {
      const spans = offsets.map((o) => makeSpan(o, { pageUrl: `${origin}/page` }));
      for (const span of spans) await storeBatch(db, randomHexId(8), [span], { ...tab, origin } satisfies BatchSource);
      return spans;
    }
    /** The origins' totals, and the same worked out again from the batches stored. */
    async function totals() {
      const kept = Object.fromEntries((await db.origins.toArray()).map((row) => [row.origin, row.bytes]));
      const worked: Record<string, number> = {};
      for (const batch of await db.batches.toArray()) if (batch.origin) worked[batch.origin] = (worked[batch.origin] ?? 0) + batch.bytes!;
      return { kept, worked };
    }
    const one = storedBytes([makeSpan(0, { pageUrl: `${A}/page` })]);

    const share = (bytes: number) => ({ siteBytes: bytes, tabBytes: 1e12 });
    it("turns over a site's own oldest spans to fit its share, never another's", async () => {
      await seedOrigin(A, 0);
      await markExportedUpTo(db, { seq: 1, offset: 1 });
      const [, third] = await seedOrigin(A, 1, 2);
      const b = await seedOrigin(B, 3, 4, 5);
      // A stores three; to fit one more within three, its oldest goes (exported), then for two
      // more within three, the next (not exported: a drop).
      expect(await makeRoom(db, { ...tab, origin: A }, one, share(3 * one))).toEqual({ exported: 1, dropped: 0 });
      expect(await makeRoom(db, { ...tab, origin: A }, 2 * one, share(3 * one))).toEqual({ exported: 0, dropped: 1 });
      expect(await ids()).toEqual([third!, ...b].map((s) => s.spanId).sort());
      // Within the limit: nothing goes.
      expect(await makeRoom(db, { ...tab, origin: B }, 0, share(3 * one))).toEqual({ exported: 0, dropped: 0 });
      const { kept, worked } = await totals();
      expect(kept).toEqual(worked);
      expect(kept).toEqual({ [A]: one, [B]: 3 * one });
    });

    it("keeps the origins' bytes in step with every way batches go", async () => {
      await seedOrigin(A, 0, 1, 2);
      await seedOrigin(B, 3);
      await storeBatch(db, randomHexId(8), [makeSpan(4)], tab, 1); // an import: no origin
      // The import (never exported: nothing waits for it) goes first, then the largest site's oldest.
      await evictLargestFirst(db, { spans: 2, bytes: 0 });
      expect((await totals()).kept).toEqual({ [A]: 2 * one, [B]: one });
      await markExportedUpTo(db, { seq: 99, offset: 0 }); // all sent: the age rule takes them
      await applyRetention(db, { ...limits, maxAgeMs: DAY }, noUsage, T0 + 1.5 * DAY);
      expect((await totals()).kept).toEqual({});
      expect(await db.origins.count()).toBe(0);
    });

    it("works out the origins' bytes of batches stored before they were counted", async () => {
      const name = `test-${Math.random()}`;
      const old = new Dexie(name);
      old.version(2).stores({
        batches: '++seq, &key, [runId+tabId], *traceIds, end',
        payloads: 'seq',
        parked: '++id, retry, failureId, end',
        failures: '++id, at',
        meta: 'key',
        pageViews: 'traceId, [origin+start], [sessionId+start], start',
      });
      const spans = [makeSpan(0, { pageUrl: `${A}/x` }), makeSpan(1, { pageUrl: `${A}/y` })];
      const row = (key: string, imported?: 1): BatchRow => ({ key, ...tab, traceIds: [], count: 1, start: [0, 0], end: [0, 0], ...(imported ? { imported } : {}) });
      await old.table('batches').bulkAdd([row('a'), row('b'), row('c', 1)]);
      await old.table('payloads').bulkAdd([{ seq: 1, spans: [spans[0]] }, { seq: 2, spans: [spans[1]] }, { seq: 3, spans: [makeSpan(2)] }]);
      old.close();
      const upgraded = new SpanlightDB(name);
      try {
        expect((await upgraded.batches.toArray()).map((b) => [b.origin, b.bytes])).toEqual([
          [A, storedBytes([spans[0]!])],
          [A, storedBytes([spans[1]!])],
          [undefined, undefined],
        ]);
        expect(await upgraded.origins.toArray()).toEqual([{ origin: A, bytes: storedBytes(spans) }]);
        expect(await upgraded.batches.where('origin').equals(A).count()).toBe(2);
      } finally {
        await upgraded.delete();
      }
    });
  });
});
