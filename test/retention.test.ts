import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storeMakingRoom } from '../src/background/retention';
import { readStatus } from '../src/status';
import { SpanlightDB } from '../src/store/db';
import { applyRetention, evictOldest } from '../src/store/retention';
import { countSpans } from '../src/store/queries';
import { markExportedUpTo, storeBatch } from '../src/store/write-spans';
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
});
