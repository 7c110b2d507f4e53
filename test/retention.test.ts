import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storeMakingRoom } from '../src/background/retention';
import { readStatus } from '../src/status';
import { ExportState, SpanlightDB, spanKey } from '../src/store/db';
import { applyRetention, evictOldest } from '../src/store/retention';
import { setExportState, storeSpans } from '../src/store/write-spans';
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

/** Spans `offsets` (ms after T0) in `state`. */
async function seed(state: number, ...offsets: number[]) {
  const spans = offsets.map((o) => makeSpan(o));
  await storeSpans(db, spans, tab);
  await setExportState(db, spans.map(spanKey), state as 0);
  return spans;
}
const noUsage = async () => undefined;
const limits = { maxAgeMs: 365 * DAY, maxSpans: 1_000_000, maxBytes: 1e12 };

describe('retention', () => {
  it('evicts exported spans first, oldest first, and only then the rest', async () => {
    const pending = await seed(ExportState.PENDING, 1, 2);
    const exported = await seed(ExportState.EXPORTED, 5, 3, 4);
    expect(await evictOldest(db, 2)).toEqual({ exported: 2, dropped: 0 });
    const left = (await db.spans.toArray()).map((s) => s.spanId).sort();
    expect(left).toEqual([exported[0]!, ...pending].map((s) => s.spanId).sort());
    expect(await evictOldest(db, 2)).toEqual({ exported: 1, dropped: 1 });
    expect((await db.spans.toArray()).map((s) => s.spanId)).toEqual([pending[1]!.spanId]);
  });

  it('deletes spans older than the age limit, counting the unexported ones as dropped', async () => {
    await seed(ExportState.EXPORTED, 0, 2 * DAY);
    await seed(ExportState.PENDING, 1, 3 * DAY);
    // Cutoff: T0 + 1.5 days. Older: the exported span at T0 and the pending one at T0 + 1 ms.
    const evicted = await applyRetention(db, { ...limits, maxAgeMs: DAY }, noUsage, T0 + 2.5 * DAY);
    expect(evicted).toEqual({ exported: 1, dropped: 1 });
    expect(await db.spans.count()).toBe(2);
  });

  it('keeps the count and the bytes within their limits', async () => {
    await seed(ExportState.EXPORTED, ...Array.from({ length: 30 }, (_, i) => i));
    expect(await applyRetention(db, { ...limits, maxSpans: 20 }, noUsage, T0)).toEqual({ exported: 10, dropped: 0 });
    expect(await applyRetention(db, { ...limits, maxBytes: 100 }, async () => 1000, T0)).toEqual({ exported: 2, dropped: 0 });
    expect(await db.spans.count()).toBe(18);
  });

  it('makes room when storage is full, counts what it dropped, and stores the batch', async () => {
    await seed(ExportState.PENDING, 1);
    let calls = 0;
    const fullOnce: typeof storeSpans = async (...args) => {
      if (calls++ === 0) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
      return storeSpans(...args);
    };
    const batch = [makeSpan(10), makeSpan(11)];
    expect(await storeMakingRoom(db, batch, tab, fullOnce)).toBe(2);
    expect((await db.spans.toArray()).map((s) => s.spanId).sort()).toEqual(batch.map((s) => s.spanId).sort());
    expect((await readStatus()).dropped.quota).toBe(1);
  });

  it('rethrows other storage errors', async () => {
    const broken: typeof storeSpans = async () => {
      throw Object.assign(new Error('closed'), { name: 'DatabaseClosedError' });
    };
    await expect(storeMakingRoom(db, [makeSpan()], tab, broken)).rejects.toThrow('closed');
  });
});
