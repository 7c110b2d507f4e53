import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanlightDB } from '../src/store/db';
import { withoutLocalTraces } from '../src/store/queries';
import { IMPORTED, storeBatch } from '../src/store/write-spans';
import { makeSpan } from './support/spans';

let db: SpanlightDB;
beforeEach(() => {
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('imports', () => {
  it("leave out spans of this browser's own traces, and keep those of new or imported traces", async () => {
    const local = makeSpan(0);
    await storeBatch(db, 'local-batch', [local], { runId: 'r', tabId: 1, origin: 'https://a.example' });
    const earlier = { ...makeSpan(1), traceId: 'f'.repeat(32) };
    await storeBatch(db, 'import-1', [earlier], IMPORTED, 1);

    const forged = { ...makeSpan(2), traceId: local.traceId, parentSpanId: undefined, name: 'planted root' };
    const more = { ...makeSpan(3), traceId: earlier.traceId };
    const fresh = { ...makeSpan(4), traceId: 'e'.repeat(32) };
    const { kept, refused } = await withoutLocalTraces(db, [forged, more, fresh]);
    expect(kept.map((s) => s.spanId)).toEqual([more.spanId, fresh.spanId]);
    expect(refused).toBe(1);
    // The local page view is as it was.
    expect((await db.pageViews.get(local.traceId))?.spans).toBe(1);
  });
});
