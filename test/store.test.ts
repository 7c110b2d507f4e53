import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupByTrace } from '../src/protocol/span';
import { SpanlightDB } from '../src/store/db';
import { countParked, countPending, countSpans, exportFailures, parkedToRetry, pendingSpans, spansOfTab, spansOfTrace } from '../src/store/queries';
import { discardParked, markExportedUpTo, parkSpans, retryParked, storeBatch, unpark } from '../src/store/write-spans';
import { makeSpan } from './support/spans';
import { withinPageViewLimit } from '../src/store/page-view-limit';
import { exportedIds, store } from './support/store';

let db: SpanlightDB;
beforeEach(() => {
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('store', () => {
  it('stores spans per tab and returns them oldest first', async () => {
    const spans = [makeSpan(30), makeSpan(10), makeSpan(20)];
    expect(await store(db, spans, { runId: 'r1', tabId: 7 })).toBe(3);
    await store(db, [makeSpan(5)], { runId: 'r1', tabId: 8 });
    expect((await spansOfTab(db, 'r1', 7)).map((s) => s.spanId)).toEqual([spans[1]!.spanId, spans[2]!.spanId, spans[0]!.spanId]);
    expect(await countSpans(db)).toBe(4);
  });

  it('keeps a tab of an earlier browser run apart from the same tab id now', async () => {
    await store(db, [makeSpan(0)], { runId: 'before-restart', tabId: 3 });
    const now = makeSpan(1);
    await store(db, [now], { runId: 'r2', tabId: 3 });
    expect((await spansOfTab(db, 'r2', 3)).map((s) => s.spanId)).toEqual([now.spanId]);
  });

  it('keeps at most the page-view limit of spans per trace, counting what is stored', async () => {
    const a = makeSpan(0);
    const b = makeSpan(1);
    await store(db, [a, ...[1, 2].map((t) => makeSpan(t, { traceId: a.traceId }))]);
    const next = [...[3, 4, 5].map((t) => makeSpan(t, { traceId: a.traceId })), b];
    const { kept, over } = await withinPageViewLimit(db, next, 4);
    expect(kept.map((s) => s.spanId)).toEqual([next[0]!.spanId, b.spanId]);
    expect(over).toBe(2);
  });

  it('shows a vital reported again as its last report, in the trace and the tab', async () => {
    const traceId = 'ab'.repeat(16);
    const cls = (value: number, at: number) => makeSpan(at, { traceId, name: 'CLS', attributes: { 'browser.web_vital.id': 'v5-7', 'browser.web_vital.value': value } });
    const [first, again] = [cls(0.05, 5), cls(0.1, 1)]; // the later report may measure an earlier shift
    const other = makeSpan(3, { traceId });
    await store(db, [first, other]);
    await store(db, [again]);
    expect((await spansOfTrace(db, traceId)).map((s) => s.spanId)).toEqual([again.spanId, other.spanId]);
    expect((await spansOfTab(db, 'r1', 1)).map((s) => s.spanId)).toEqual([again.spanId, other.spanId]);
  });

  it('finds the spans of a trace across batches', async () => {
    const a = makeSpan(0);
    const a2 = makeSpan(5, { traceId: a.traceId });
    await store(db, [a, makeSpan(1)]);
    await store(db, [a2]);
    expect((await spansOfTrace(db, a.traceId)).map((s) => s.spanId)).toEqual([a.spanId, a2.spanId]);
  });

  it('stores a batch sent twice once, so it is neither stored nor exported twice', async () => {
    const tab = { runId: 'r1', tabId: 1 };
    expect(await storeBatch(db, 'aaaaaaaaaaaaaaaa', [makeSpan(0), makeSpan(1)], tab)).toBe(2);
    expect(await storeBatch(db, 'aaaaaaaaaaaaaaaa', [makeSpan(0), makeSpan(1)], tab)).toBe(0);
    expect(await countSpans(db)).toBe(2);
    expect(await countPending(db)).toBe(2);
  });

  it('hands out pending spans in arrival order and moves past them with one watermark', async () => {
    const batches = Array.from({ length: 5 }, (_, b) => Array.from({ length: 500 }, (_, i) => makeSpan(b * 500 + i)));
    for (const batch of batches) await store(db, batch);
    const all = batches.flat();
    expect(await countPending(db)).toBe(2500);
    const first = await pendingSpans(db, 700); // one batch and part of the next
    expect(first.spans.map((s) => s.spanId)).toEqual(all.slice(0, 700).map((s) => s.spanId));
    await markExportedUpTo(db, first.positions.at(-1)!);
    expect(await countPending(db)).toBe(1800);
    expect((await pendingSpans(db, 1)).spans[0]!.spanId).toBe(all[700]!.spanId);
    await markExportedUpTo(db, { seq: 1, offset: 1 }); // never back
    expect(await countPending(db)).toBe(1800);
    expect(await exportedIds(db)).toEqual(new Set(all.slice(0, 700).map((s) => s.spanId)));
  });

  it('parks refused spans aside, keeps them viewable, and retries or discards them', async () => {
    await store(db, [makeSpan(0), makeSpan(1), makeSpan(2)]);
    const { spans, positions } = await pendingSpans(db, 2);
    await parkSpans(db, spans, { at: 1, status: 401, message: 'unauthorized' }, positions.at(-1));
    expect(await countParked(db)).toBe(2);
    expect(await countPending(db)).toBe(1); // export moved on
    expect(await countSpans(db)).toBe(3);
    expect((await exportFailures(db))[0]).toMatchObject({ status: 401, spans: 2 });
    expect(await exportedIds(db)).toEqual(new Set());

    expect(await retryParked(db)).toBe(2);
    expect(await countParked(db)).toBe(0);
    expect(await countPending(db)).toBe(3);
    const again = (await parkedToRetry(db))!;
    expect(again.spans.map((s) => s.spanId)).toEqual(spans.map((s) => s.spanId));
    await unpark(db, again.id!);
    expect(await exportFailures(db)).toEqual([]);
    expect(await exportedIds(db)).toEqual(new Set(spans.map((s) => s.spanId)));

    const last = await pendingSpans(db, 1);
    await parkSpans(db, last.spans, { at: 2, status: 400, message: 'bad' }, last.positions[0]);
    expect(await discardParked(db)).toBe(1);
    expect(await countParked(db)).toBe(0);
    expect(await countSpans(db)).toBe(3);
  });

  it('groups a tab by trace, newest trace first', async () => {
    const a = makeSpan(0);
    const b = makeSpan(100);
    const a2 = makeSpan(50, { traceId: a.traceId });
    await store(db, [a, b, a2]);
    const groups = groupByTrace(await spansOfTab(db, 'r1', 1));
    expect(groups.map((g) => g.map((s) => s.spanId))).toEqual([[b.spanId], [a.spanId, a2.spanId]]);
  });
});
