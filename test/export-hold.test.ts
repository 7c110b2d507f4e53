import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followExportSwitch } from '../src/background/export-switch';
import { normalizeSettings } from '../src/settings';
import { exportHeld, SpanlightDB } from '../src/store/db';
import { holdExport, releaseExport, unsentStored } from '../src/store/export-hold';
import { countPending, pendingSpans } from '../src/store/queries';
import { applyRetention } from '../src/store/retention';
import { markExportedUpTo } from '../src/store/write-spans';
import { makeSpan } from './support/spans';
import { store } from './support/store';

const DAY = 86_400_000;
const T0 = 1_732_172_400_000;
let db: SpanlightDB;
beforeEach(() => {
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(() => db.delete());
const pendingIds = async () => (await pendingSpans(db, 100)).spans.map((s) => s.spanId);

describe('export off', () => {
  it('leaves nothing pending, and deletes count as no drop', async () => {
    await holdExport(db);
    await store(db, [makeSpan(0), makeSpan(1)]);
    await store(db, [makeSpan(2 * DAY)]);
    expect(await countPending(db)).toBe(0);
    expect(await pendingIds()).toEqual([]);
    const evicted = await applyRetention(db, { maxAgeMs: DAY, maxSpans: 1e6, maxBytes: 1e12 }, async () => undefined, T0 + 1.5 * DAY);
    expect(evicted).toEqual({ exported: 2, dropped: 0 });
    expect(await unsentStored(db)).toBe(1);
  });

  it('turned on "from now on" sends only what arrives after', async () => {
    await holdExport(db);
    await store(db, [makeSpan(0), makeSpan(1)]);
    expect(await releaseExport(db, false)).toBe(0);
    expect(await countPending(db)).toBe(0);
    const next = makeSpan(2);
    await store(db, [next]);
    expect(await pendingIds()).toEqual([next.spanId]);
  });

  it('turned on "also the stored spans" sends every span never sent, from where delivery stopped', async () => {
    const sent = [makeSpan(0)];
    await store(db, sent);
    await markExportedUpTo(db, { seq: 1, offset: 1 });
    await holdExport(db);
    const kept = [makeSpan(1), makeSpan(2)];
    await store(db, kept);
    expect(await unsentStored(db)).toBe(2);
    expect(await releaseExport(db, true)).toBe(2);
    expect(await pendingIds()).toEqual(kept.map((s) => s.spanId));
  });

  it('follows the endpoint: none holds export, one set releases it as the settings choose', async () => {
    await store(db, [makeSpan(0)]);
    await followExportSwitch(db, normalizeSettings({}));
    expect(await exportHeld(db)).toBe(true);
    await followExportSwitch(db, normalizeSettings({ export: { endpoint: 'http://collector.test/v1/traces', sendStoredOnStart: true } }));
    expect(await exportHeld(db)).toBe(false);
    expect(await countPending(db)).toBe(1);
    // Already on: a second change leaves the pending spans as they are.
    await followExportSwitch(db, normalizeSettings({ export: { endpoint: 'http://other.test/v1/traces' } }));
    expect(await countPending(db)).toBe(1);
  });
});
