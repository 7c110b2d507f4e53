import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storeMakingRoom } from '../src/background/retention';
import { readStatus } from '../src/status';
import Dexie from 'dexie';
import { SpanlightDB, storedBytes, type BatchRow } from '../src/store/db';
import { applyRetention, evictOldest, makeOriginRoom } from '../src/store/retention';
import { countSpans } from '../src/store/queries';
import { markExportedUpTo, storeBatch, type BatchSource } from '../src/store/write-spans';
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
  it('evicts exported spans first, oldest first, and only then the pending ones', async () => {
    const exported = await seed(true, 5, 3, 4);
    const pending = await seed(false, 1, 2);
    expect(await evictOldest(db, 2)).toEqual({ exported: 2, dropped: 0 });
    expect(await ids()).toEqual([exported[2]!, ...pending].map((s) => s.spanId).sort());
    expect(await evictOldest(db, 2)).toEqual({ exported: 1, dropped: 1 });
    expect(await ids()).toEqual([pending[1]!.spanId]);
  });

  it('deletes spans older than the age limit, counting the unexported ones as dropped', async () => {
    await seed(true, 0, 2 * DAY);
    await seed(false, 1, 3 * DAY);
    // Cutoff: T0 + 1.5 days. Older: the exported span at T0 and the pending one at T0 + 1 ms.
    const evicted = await applyRetention(db, { ...limits, maxAgeMs: DAY }, noUsage, T0 + 2.5 * DAY);
    expect(evicted).toEqual({ exported: 1, dropped: 1 });
    expect(await countSpans(db)).toBe(2);
  });

  it('keeps the count and the bytes within their limits', async () => {
    await seed(true, ...Array.from({ length: 30 }, (_, i) => i));
    expect(await applyRetention(db, { ...limits, maxSpans: 20 }, noUsage, T0)).toEqual({ exported: 10, dropped: 0 });
    expect(await applyRetention(db, { ...limits, maxBytes: 100 }, async () => 1000, T0)).toEqual({ exported: 2, dropped: 0 });
    expect(await countSpans(db)).toBe(18);
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

    it("turns over an origin's own oldest spans to fit its limit, never another's", async () => {
      await seedOrigin(A, 0);
      await markExportedUpTo(db, { seq: 1, offset: 1 });
      const [, third] = await seedOrigin(A, 1, 2);
      const b = await seedOrigin(B, 3, 4, 5);
      // A stores three; to fit one more within three, its oldest goes (exported), then for two
      // more within three, the next (not exported: a drop).
      expect(await makeOriginRoom(db, A, one, 3 * one)).toEqual({ exported: 1, dropped: 0 });
      expect(await makeOriginRoom(db, A, 2 * one, 3 * one)).toEqual({ exported: 0, dropped: 1 });
      expect(await ids()).toEqual([third!, ...b].map((s) => s.spanId).sort());
      // Within the limit: nothing goes.
      expect(await makeOriginRoom(db, B, 0, 3 * one)).toEqual({ exported: 0, dropped: 0 });
      const { kept, worked } = await totals();
      expect(kept).toEqual(worked);
      expect(kept).toEqual({ [A]: one, [B]: 3 * one });
    });

    it("keeps the origins' bytes in step with every way batches go", async () => {
      await seedOrigin(A, 0, 1, 2);
      await seedOrigin(B, 3);
      await storeBatch(db, randomHexId(8), [makeSpan(4)], tab, 1); // an import: no origin
      await evictOldest(db, 2);
      expect((await totals()).kept).toEqual({ [A]: one, [B]: one });
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
