import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingIn, SpanlightDB, type BatchRow, type Position } from '../src/store/db';
import { readPending } from '../src/store/pending-read';
import { IMPORTED, storeBatch } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { makeSpan } from './support/spans';
import { store } from './support/store';

let db: SpanlightDB;
beforeEach(() => {
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

/** The read as Dexie made it before: a cursor over the batches from `after`, then their payloads one get each. */
async function readThroughDexie(after: Position, limit: number) {
  const batches: BatchRow[] = [];
  let wanted = 0;
  await db.batches.where('seq').aboveOrEqual(after.seq).until(() => wanted >= limit).each((batch) => {
    const pending = pendingIn(batch, after);
    if (!pending) return;
    batches.push(batch);
    wanted += pending;
  });
  const payloads = await db.payloads.bulkGet(batches.map((b) => b.seq!));
  const spans: string[] = [];
  const positions: Position[] = [];
  batches.forEach((batch, i) => {
    const list = payloads[i]?.spans ?? [];
    for (let j = batch.seq === after.seq ? after.offset : 0; j < list.length && spans.length < limit; j++) {
      spans.push(list[j]!.spanId);
      positions.push({ seq: batch.seq!, offset: j + 1 });
    }
  });
  return { spans, positions };
}

const read = async (after: Position, limit: number) => {
  const { spans, positionAfter } = await readPending(db, after, limit);
  return { spans: spans.map((s) => s.spanId), positions: spans.map((_, i) => positionAfter(i)) };
};

describe('readPending', () => {
  it('reads the spans Dexie read, in the same order and with the same positions, across many batches and an import between them', async () => {
    let t = 0;
    // 40 batches of 1 to 9 spans: more rows than one getAll asks for.
    for (let b = 0; b < 40; b++) {
      await store(db, Array.from({ length: 1 + ((b * 7) % 9) }, () => makeSpan(t++)));
      // A file imported midway: stored between live batches, never pending.
      if (b === 12) await storeBatch(db, randomHexId(8), [makeSpan(t++), makeSpan(t++)], IMPORTED, 1);
    }
    const seqs = (await db.batches.toCollection().primaryKeys()) as number[];
    const cases: [Position, number][] = [
      [{ seq: 0, offset: 0 }, 1],
      [{ seq: 0, offset: 0 }, 30],
      [{ seq: 0, offset: 0 }, 1000],
      [{ seq: seqs[3]!, offset: 2 }, 25], // within a partly delivered batch
      [{ seq: seqs[10]!, offset: 0 }, 60], // across the import
      [{ seq: seqs[13]!, offset: 0 }, 4], // from the import on
      [{ seq: seqs.at(-1)!, offset: 0 }, 100],
      [{ seq: seqs.at(-1)! + 1, offset: 0 }, 100], // past the end
    ];
    let compared = 0;
    for (const [after, limit] of cases) {
      const expected = await readThroughDexie(after, limit);
      expect(await read(after, limit)).toEqual(expected);
      compared += expected.spans.length;
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('reads a batch delivered to its last span as nothing, and goes on from the next', async () => {
    const first = [makeSpan(0), makeSpan(1)];
    const second = [makeSpan(2), makeSpan(3)];
    await store(db, first);
    await store(db, second);
    const [seq] = (await db.batches.toCollection().primaryKeys()) as number[];
    const { spans, positionAfter } = await readPending(db, { seq: seq!, offset: 2 }, 10);
    expect(spans.map((s) => s.spanId)).toEqual(second.map((s) => s.spanId));
    expect(positionAfter(1)).toEqual({ seq: seq! + 1, offset: 2 });
  });
});
