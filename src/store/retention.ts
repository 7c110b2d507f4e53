/**
 * Retention: keeps the store within the user's limits of age, count and bytes, and each site and
 * tab within its share. Totals come from the byte ledger (src/store/ledger.ts), parked copies
 * included. What goes, in order:
 * 1. spans nothing waits for (delivered, or stored while export was off), from the largest site
 *    first, each site's oldest first;
 * 2. only then unsent spans, again from the largest consumer first (a site, or the parked copies
 *    as one), counted as dropped.
 * A site never loses spans to make room for a smaller one: a flood turns over its own spans first.
 * The age rule deletes only spans nothing waits for; an unsent span older than the limit stays
 * until it is delivered or the count and byte limits take it. Spans go a whole batch at a time.
 */
import type { HrTime } from '../protocol/span';
import { pendingFrom, pendingIn, type BatchRow, type Position, type SpanlightDB } from './db';
import { batchTables, countBatches, parkedTotals, sitesBySize, tabName, usageOf, type Totals } from './ledger';
import { siteOfOrigin } from '../registrable-domain';

export interface RetentionLimits {
  maxAgeMs: number;
  maxSpans: number;
  maxBytes: number;
}

/** The storage shares (bytes) of one site and of one tab. */
export interface Shares {
  siteBytes: number;
  tabBytes: number;
}

/**
 * What a pass deleted: spans nothing waited for (`exported`: delivered, or stored while export was
 * off), and unsent spans (`dropped`).
 */
export interface Evicted {
  exported: number;
  dropped: number;
}

const add = (a: Evicted, b: Evicted): Evicted => ({ exported: a.exported + b.exported, dropped: a.dropped + b.dropped });
const NOTHING: Evicted = { exported: 0, dropped: 0 };

/** A tab over its share frees at least this part of it, so a flooding tab is not scanned on every batch. */
const TAB_SLACK = 1 / 32;

/**
 * Deletes `batches` with their spans, and what the page-view rows and the ledger count of them.
 * Rows are read again inside the transaction: a batch another pass deleted first is not counted
 * twice. Resolves with the rows it deleted.
 */
export function removeBatches(db: SpanlightDB, batches: readonly BatchRow[]): Promise<BatchRow[]> {
  const seqs = batches.map((b) => b.seq!);
  return db.transaction('rw', batchTables(db), async () => {
    const current = (await db.batches.bulkGet(seqs)).filter((b): b is BatchRow => !!b);
    const gone = current.map((b) => b.seq!);
    await db.batches.bulkDelete(gone);
    await db.payloads.bulkDelete(gone);
    await forgetEmptyPageViews(db, current);
    await countBatches(db, current, -1);
    return current;
  });
}

/** Deletes `batches`; unsent spans among them count as dropped (none while export is off). */
async function deleteBatches(db: SpanlightDB, batches: readonly BatchRow[]): Promise<Evicted> {
  if (!batches.length) return NOTHING;
  const watermark = await pendingFrom(db);
  const gone = await removeBatches(db, batches);
  const dropped = watermark ? gone.reduce((n, b) => n + pendingIn(b, watermark), 0) : 0;
  return { exported: gone.reduce((n, b) => n + b.count, 0) - dropped, dropped };
}

/**
 * Deletes the page-view rows of traces that no longer have a stored batch. A page view that keeps
 * some batches keeps its row, whose counts then include the evicted spans.
 */
export async function forgetEmptyPageViews(db: SpanlightDB, deleted: readonly BatchRow[]): Promise<void> {
  const traceIds = [...new Set(deleted.flatMap((b) => b.traceIds))];
  const empty: string[] = [];
  for (const traceId of traceIds) {
    if (!(await db.batches.where('traceIds').equals(traceId).count())) empty.push(traceId);
  }
  await db.pageViews.bulkDelete(empty);
}

const measureOf = (batch: BatchRow, measure: keyof Totals) => (measure === 'spans' ? batch.count : (batch.bytes ?? 0));

/**
 * The oldest batches of `site` worth at least `amount` of `measure` (one at least); with
 * `watermark`, only those nothing waits for (they are the oldest: the first unsent one stops it).
 */
async function oldestOf(db: SpanlightDB, site: string, measure: keyof Totals, amount: number, watermark?: Position | 'all'): Promise<BatchRow[]> {
  const batches: BatchRow[] = [];
  let taken = 0;
  await db.batches
    .where('site')
    .equals(site)
    .until((batch) => taken >= amount || (watermark !== undefined && watermark !== 'all' && pendingIn(batch, watermark) > 0))
    .each((batch) => {
      batches.push(batch);
      taken += measureOf(batch, measure);
    });
  return batches;
}

/** The oldest parked copies worth at least `amount` of `measure`; resolves with the spans deleted. */
async function deleteOldestParked(db: SpanlightDB, measure: keyof Totals, amount: number): Promise<number> {
  return db.transaction('rw', db.parked, db.failures, async () => {
    const ids: number[] = [];
    const failures = new Set<number>();
    let taken = 0;
    let spans = 0;
    await db.parked.orderBy('id').until(() => taken >= amount).each((row) => {
      ids.push(row.id!);
      failures.add(row.failureId);
      const [count, bytes] = row.size ?? [row.spans.length, 0];
      taken += measure === 'spans' ? count : bytes;
      spans += count;
    });
    await db.parked.bulkDelete(ids);
    for (const id of failures) if (!(await db.parked.where('failureId').equals(id).count())) await db.failures.delete(id);
    return spans;
  });
}

/**
 * Frees at least `need` (spans and bytes) from the largest consumers first (see the file's head).
 * Each round takes from the largest site down to the next one's size, or an even part of what is
 * left to free, so equal sites lose equally.
 */
export async function evictLargestFirst(db: SpanlightDB, need: Totals): Promise<Evicted> {
  let evicted = NOTHING;
  const left = { ...need };
  const still = () => left.spans > 0 || left.bytes > 0;
  const took = (e: Evicted, freed: Totals) => {
    evicted = add(evicted, e);
    left.spans -= freed.spans;
    left.bytes -= freed.bytes;
  };
  // 1: what nothing waits for; while export is off, that is everything.
  while (still()) {
    const measure: keyof Totals = left.bytes > 0 ? 'bytes' : 'spans';
    const watermark = (await pendingFrom(db)) ?? 'all';
    const sites = await sitesBySize(db, measure);
    let batches: BatchRow[] = [];
    for (const [i, site] of sites.entries()) {
      const target = Math.min(left[measure], Math.max(site[measure] - (sites[i + 1]?.[measure] ?? 0), Math.ceil(left[measure] / sites.length)));
      batches = await oldestOf(db, site.name, measure, target, watermark);
      if (batches.length) break;
    }
    if (!batches.length) break;
    took(await deleteBatches(db, batches), totalsOf(batches));
  }
  // 2: unsent spans, from the largest consumer: a site, or the parked copies as one.
  while (still()) {
    const measure: keyof Totals = left.bytes > 0 ? 'bytes' : 'spans';
    const [largest, next] = await sitesBySize(db, measure);
    const parked = await parkedTotals(db);
    const target = (size: number, below: number) => Math.min(left[measure], Math.max(size - below, 1));
    if (parked[measure] > 0 && parked[measure] >= (largest?.[measure] ?? 0)) {
      const before = parked;
      const spans = await deleteOldestParked(db, measure, target(parked[measure], largest?.[measure] ?? 0));
      const after = await parkedTotals(db);
      took({ exported: 0, dropped: spans }, { spans: before.spans - after.spans, bytes: before.bytes - after.bytes });
      continue;
    }
    if (!largest) break;
    const below = Math.max(next?.[measure] ?? 0, parked[measure]);
    const batches = await oldestOf(db, largest.name, measure, target(largest[measure], below));
    if (!batches.length) break;
    took(await deleteBatches(db, batches), totalsOf(batches));
  }
  return evicted;
}

function totalsOf(batches: readonly BatchRow[]): Totals {
  return { spans: batches.reduce((n, b) => n + b.count, 0), bytes: batches.reduce((n, b) => n + (b.bytes ?? 0), 0) };
}

/**
 * The batches of one tab a tab over its share gives up, oldest first: those of `site` (the one
 * adding spans), or when it has none left there, those of the tab's largest site.
 */
async function tabVictims(db: SpanlightDB, tab: { runId: string; tabId: number }, site: string): Promise<BatchRow[]> {
  const bySite = new Map<string, { batches: BatchRow[]; bytes: number }>();
  await db.batches.where('[runId+tabId]').equals([tab.runId, tab.tabId]).each((batch) => {
    const entry = bySite.get(batch.site ?? '') ?? { batches: [], bytes: 0 };
    entry.batches.push(batch);
    entry.bytes += batch.bytes ?? 0;
    bySite.set(batch.site ?? '', entry);
  });
  const own = bySite.get(site);
  const largest = [...bySite.values()].sort((a, b) => b.bytes - a.bytes)[0];
  return (own ?? largest)?.batches.sort((a, b) => a.seq! - b.seq!) ?? [];
}

/**
 * Makes room for `bytes` more from a frame of `origin` in `tab`. Over the site's share, the site's
 * own oldest batches go (sent or not: a site that fills its share turns over its own spans, never
 * another's). Over the tab's share, the same site's oldest batches in that tab go; only a site
 * with nothing left there to give takes from the tab's largest site. So a page that spreads over
 * many sites in one tab is held near the tab's share, and a frame of another site in it keeps its
 * spans while the flooding sites turn over their own.
 */
export async function makeRoom(
  db: SpanlightDB,
  source: { origin: string; runId: string; tabId: number },
  bytes: number,
  shares: Shares,
): Promise<Evicted> {
  const site = siteOfOrigin(source.origin);
  let evicted = NOTHING;
  const overSite = (await usageOf(db, 'site', site)).bytes + bytes - shares.siteBytes;
  if (overSite > 0) evicted = add(evicted, await deleteBatches(db, await oldestOf(db, site, 'bytes', overSite)));
  let overTab = (await usageOf(db, 'tab', tabName(source))).bytes + bytes - shares.tabBytes;
  if (overTab > 0) overTab = Math.max(overTab, shares.tabBytes * TAB_SLACK);
  while (overTab > 0) {
    const batches: BatchRow[] = [];
    let freed = 0;
    for (const batch of await tabVictims(db, source, site)) {
      if (freed >= overTab) break;
      batches.push(batch);
      freed += batch.bytes ?? 0;
    }
    if (!batches.length) break;
    evicted = add(evicted, await deleteBatches(db, batches));
    overTab -= freed;
  }
  return evicted;
}

/**
 * Applies the limits. `estimate` gives the browser's usage estimate (navigator.storage.estimate),
 * or undefined where it cannot: it serves only as a ceiling on the ledger's bytes (the ledger
 * counts text and a fixed cost per span, the browser compresses), and since it lags behind deletes
 * it never causes a deletion by itself.
 */
export async function applyRetention(
  db: SpanlightDB,
  limits: RetentionLimits,
  estimate: () => Promise<number | undefined>,
  now = Date.now(),
): Promise<Evicted> {
  const cutoffMs = now - limits.maxAgeMs;
  const cutoff: HrTime = [Math.floor(cutoffMs / 1000), (cutoffMs % 1000) * 1e6];
  const watermark = await pendingFrom(db);
  const old = await db.batches.where('end').below(cutoff).toArray();
  let evicted = await deleteBatches(db, watermark ? old.filter((b) => pendingIn(b, watermark) === 0) : old);

  const stored = await usageOf(db, 'all', '');
  const parked = await parkedTotals(db);
  const spans = stored.spans + parked.spans;
  const counted = stored.bytes + parked.bytes;
  const ceiling = await estimate();
  const bytes = ceiling === undefined ? counted : Math.min(counted, ceiling);
  const need = { spans: Math.max(0, spans - limits.maxSpans), bytes: Math.max(0, bytes - limits.maxBytes) };
  if (need.spans || need.bytes) evicted = add(evicted, await evictLargestFirst(db, need));
  return evicted;
}
