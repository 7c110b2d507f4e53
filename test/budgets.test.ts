import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanlightDB, storedBytes, type UsageRow } from '../src/store/db';
import { holdExport } from '../src/store/export-hold';
import { evictLargestFirst, makeRoom } from '../src/store/retention';
import { siteOfOrigin } from '../src/registrable-domain';
import { markExportedUpTo, storeBatch, type BatchSource } from '../src/store/write-spans';
import { randomHexId } from '../src/tracer/ids';
import { makeSpan } from './support/spans';

const VICTIM = 'https://shop.victim.example';
let db: SpanlightDB;
beforeEach(() => {
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(() => db.delete());

/** Stores `count` one-span batches from a frame of `origin` in tab `tabId`; resolves with their span ids. */
async function fill(origin: string, count: number, tabId = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const span = makeSpan(i, { pageUrl: `${origin}/p` });
    await storeBatch(db, randomHexId(8), [span], { runId: 'r', tabId, origin } satisfies BatchSource);
    ids.push(span.spanId);
  }
  return ids;
}
const stored = async () => new Set((await db.payloads.toArray()).flatMap((p) => p.spans.map((s) => s.spanId)));
const one = (origin: string) => storedBytes([makeSpan(0, { pageUrl: `${origin}/p` })]);

/** The ledger as kept, and the same worked out again from the batches stored. */
async function ledger() {
  const kept = Object.fromEntries((await db.usage.toArray()).map((row: UsageRow) => [row.key, [row.spans, row.bytes]]));
  const worked: Record<string, [number, number]> = {};
  const count = (key: string, spans: number, bytes: number) => {
    const [s, b] = worked[key] ?? [0, 0];
    worked[key] = [s + spans, b + bytes];
  };
  for (const batch of await db.batches.toArray()) {
    count(`site:${batch.site}`, batch.count, batch.bytes!);
    count(`tab:${batch.runId}/${batch.tabId}`, batch.count, batch.bytes!);
    count('all:', batch.count, batch.bytes!);
  }
  return { kept, worked };
}

describe('sites', () => {
  it('are registrable domains: subdomains are one site, private suffixes keep their users apart', () => {
    expect(siteOfOrigin('https://a.evil.example')).toBe('evil.example');
    expect(siteOfOrigin('https://b.c.evil.co.uk')).toBe('evil.co.uk');
    expect(siteOfOrigin('https://alice.github.io')).toBe('alice.github.io');
    expect(siteOfOrigin('http://127.0.0.1:8080')).toBe('127.0.0.1');
    expect(siteOfOrigin('http://localhost:3000')).toBe('localhost');
  });
});

describe('storage shares', () => {
  it("hold a site's subdomains to one share, turned over from its own oldest, never another site's", async () => {
    const victim = await fill(VICTIM, 3);
    const first = await fill('https://a.evil.example', 2);
    const second = await fill('https://b.evil.example', 2);
    const size = one('https://a.evil.example');
    // evil.example holds 4; one more within a share of 4 costs it its oldest (unsent: a drop).
    expect(await makeRoom(db, { origin: 'https://c.evil.example', runId: 'r', tabId: 1 }, size, { siteBytes: 4 * size, tabBytes: 1e12 })).toEqual({
      exported: 0,
      dropped: 1,
    });
    expect(await stored()).toEqual(new Set([...victim, first[1], ...second]));
    const { kept, worked } = await ledger();
    expect(kept).toEqual(worked);
  });

  it("hold a tab to its share: the site adding spans turns over its own there, another site's frame keeps its spans", async () => {
    const victim = await fill(VICTIM, 2, 7);
    const flood = await Promise.all(['https://x1.example', 'https://x2.example', 'https://x3.example'].map((o) => fill(o, 2, 7)));
    const other = await fill('https://x1.example', 1, 8); // the same site in another tab
    const size = one('https://x1.example');
    const evicted = await makeRoom(db, { origin: 'https://x1.example', runId: 'r', tabId: 7 }, size, { siteBytes: 1e12, tabBytes: 8 * size });
    expect(evicted.dropped).toBeGreaterThanOrEqual(1);
    const left = await stored();
    for (const id of [...victim, ...flood[1]!, ...flood[2]!, ...other]) expect(left.has(id)).toBe(true);
    expect(left.has(flood[0]![0]!)).toBe(false);
    const { kept, worked } = await ledger();
    expect(kept).toEqual(worked);
    expect(kept['tab:r/7']![1]).toBeLessThanOrEqual(8 * size - size);
  });
});

describe('eviction at the global limit', () => {
  it('takes unsent spans from the largest site first, down to the next one', async () => {
    const big = await fill('https://big.example', 6);
    const victim = await fill(VICTIM, 2);
    const small = await fill('https://small.example', 1);
    expect(await evictLargestFirst(db, { spans: 3, bytes: 0 })).toEqual({ exported: 0, dropped: 3 });
    expect(await stored()).toEqual(new Set([...big.slice(3), ...victim, ...small]));
  });

  it('takes spans already sent, of any site, before any unsent one', async () => {
    const sent = await fill(VICTIM, 2);
    await markExportedUpTo(db, { seq: 2, offset: 1 });
    const big = await fill('https://big.example', 6);
    expect(await evictLargestFirst(db, { spans: 2, bytes: 0 })).toEqual({ exported: 2, dropped: 0 });
    expect(await stored()).toEqual(new Set(big));
    expect(sent).toHaveLength(2);
  });

  it('with export off, drops nothing: the largest site turns over first', async () => {
    await holdExport(db);
    const big = await fill('https://big.example', 4);
    const victim = await fill(VICTIM, 2);
    expect(await evictLargestFirst(db, { spans: 2, bytes: 0 })).toEqual({ exported: 2, dropped: 0 });
    expect(await stored()).toEqual(new Set([...big.slice(2), ...victim]));
  });

  it('frees by bytes from the site holding the most bytes', async () => {
    const heavy = makeSpan(0, { pageUrl: 'https://heavy.example/p', attributes: { blob: 'x'.repeat(5000) } });
    await storeBatch(db, randomHexId(8), [heavy], { runId: 'r', tabId: 1, origin: 'https://heavy.example' });
    const victim = await fill(VICTIM, 5);
    expect(await evictLargestFirst(db, { spans: 0, bytes: 100 })).toEqual({ exported: 0, dropped: 1 });
    expect(await stored()).toEqual(new Set(victim));
    const { kept, worked } = await ledger();
    expect(kept).toEqual(worked);
  });
});
