/**
 * Export off means nothing pending. While no endpoint is set the store holds export: no span
 * counts as pending, retention's deletes are not drops, and nothing is queued for a collector
 * that does not exist. When an endpoint is set, the user chooses what goes: only spans captured
 * from then on (the default: the watermark moves past everything stored), or also the spans
 * stored meanwhile and never sent (the watermark stays where delivery stopped).
 */
import { exportedUpTo, exportHeld, pendingIn, type Position, type SpanlightDB } from './db';
import { markExportedUpTo } from './write-spans';

/** Export is off: nothing is pending from now on. */
export async function holdExport(db: SpanlightDB): Promise<void> {
  await db.meta.put({ key: 'exportHeld', value: true });
}

/**
 * How many stored spans were never sent (nor left out): what "also the stored spans" would send.
 * Counted whether or not export is held.
 */
export async function unsentStored(db: SpanlightDB): Promise<number> {
  const watermark = await exportedUpTo(db);
  let count = 0;
  await db.batches.where('seq').aboveOrEqual(watermark.seq).each((batch) => (count += pendingIn(batch, watermark)));
  return count;
}

/** The position just after the newest stored span: "from now on". */
async function endOfStore(db: SpanlightDB): Promise<Position | undefined> {
  const last = await db.batches.orderBy('seq').last();
  return last ? { seq: last.seq!, offset: last.count } : undefined;
}

/**
 * Export is on again. With `sendStored`, the spans stored while it was off (and any left pending
 * when it was turned off) are sent; otherwise they are left out for good. Resolves with how many
 * stored spans will be sent. Does nothing (0) when export was not held.
 */
export function releaseExport(db: SpanlightDB, sendStored: boolean): Promise<number> {
  return db.transaction('rw', db.meta, db.batches, async () => {
    if (!(await exportHeld(db))) return 0;
    const sent = sendStored ? await unsentStored(db) : 0;
    const end = await endOfStore(db);
    if (!sendStored && end) await markExportedUpTo(db, end);
    await db.meta.delete('exportHeld');
    return sent;
  });
}
