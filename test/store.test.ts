import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanlightDB, spanKey } from '../src/store/db';
import { countParked, countPending, exportFailures, groupByTrace, pendingSpans, spansOfTab } from '../src/store/queries';
import { discardParked, markExported, parkSpans, storeSpans } from '../src/store/write-spans';
import { makeSpan } from './support/spans';

let db: SpanlightDB;
const tab = { runId: 'r1', tabId: 1 };
beforeEach(() => {
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('store', () => {
  it('stores spans per tab and returns them oldest first', async () => {
    const spans = [makeSpan(30), makeSpan(10), makeSpan(20)];
    expect(await storeSpans(db, spans, { runId: 'r1', tabId: 7 })).toBe(3);
    await storeSpans(db, [makeSpan(5)], { runId: 'r1', tabId: 8 });
    const tab7 = await spansOfTab(db, 'r1', 7);
    expect(tab7.map((s) => s.spanId)).toEqual([spans[1]!.spanId, spans[2]!.spanId, spans[0]!.spanId]);
    expect(tab7.every((s) => s.tabId === 7 && s.exported === 0)).toBe(true);
  });

  it('keeps a tab of an earlier browser run apart from the same tab id now', async () => {
    await storeSpans(db, [makeSpan(0)], { runId: 'before-restart', tabId: 3 });
    const now = makeSpan(1);
    await storeSpans(db, [now], { runId: 'r2', tabId: 3 });
    expect((await spansOfTab(db, 'r2', 3)).map((s) => s.spanId)).toEqual([now.spanId]);
  });

  it('ignores a span sent twice, keeping its export mark', async () => {
    const span = makeSpan();
    await storeSpans(db, [span], tab);
    await markExported(db, [spanKey(span)]);
    expect(await storeSpans(db, [span, makeSpan(1)], tab)).toBe(1);
    expect(await db.spans.count()).toBe(2);
    expect((await db.spans.get(spanKey(span)))!.exported).toBe(1);
  });

  it('lists pending spans oldest first and forgets them once exported', async () => {
    const spans = Array.from({ length: 2500 }, (_, i) => makeSpan(2500 - i));
    await storeSpans(db, spans, tab);
    expect(await countPending(db)).toBe(2500);
    const first = await pendingSpans(db, 100);
    expect(first[0]!.spanId).toBe(spans.at(-1)!.spanId);
    await markExported(db, first.map(spanKey));
    expect(await countPending(db)).toBe(2400);
    expect(await db.spans.count()).toBe(2500);
  });

  it('discards parked spans and forgets their failures', async () => {
    const spans = [makeSpan(0), makeSpan(1)];
    await storeSpans(db, [...spans, makeSpan(2)], tab);
    await parkSpans(db, spans, { at: 1, status: 401, message: 'unauthorized' });
    expect(await countParked(db)).toBe(2);
    expect(await discardParked(db)).toBe(2);
    expect(await db.spans.count()).toBe(1);
    expect(await exportFailures(db)).toEqual([]);
  });

  it('groups a tab by trace, newest trace first', async () => {
    const a = makeSpan(0);
    const b = makeSpan(100);
    const a2 = makeSpan(50, { traceId: a.traceId });
    await storeSpans(db, [a, b, a2], tab);
    const groups = groupByTrace(await spansOfTab(db, tab.runId, tab.tabId));
    expect(groups.map((g) => g.map((s) => s.spanId))).toEqual([[b.spanId], [a.spanId, a2.spanId]]);
  });
});
