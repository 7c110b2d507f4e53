/**
 * How far each signal's export got. Traces and logs are sent from the same stored spans, each at
 * its own pace: one collector may be down while the other takes everything. Each signal keeps its
 * position (`sent:traces`, `sent:logs` in `meta`); the store's watermark (`exported`) is the
 * earliest position of the signals the user sends, so retention, the pending count and the export
 * hold see a span as sent only once every one of them has delivered it. A signal's position is
 * never behind the watermark (a stale one reads as the watermark), so a signal turned on later
 * starts where the watermark is: from where the others are, not from the first span stored.
 *
 * Which signals are sent is kept here too (`signals`), written when the settings change, in the
 * same transactions as the positions: an export run that started before the change moves the
 * watermark only as far as the signals sent now allow, and a run of a signal turned off meanwhile
 * moves nothing.
 */
import { signalPosition, type MetaRow, type Position, type SpanlightDB } from './db';
import { SIGNALS, type Signal } from '../signals';
import { markExportedUpTo } from './write-spans';

const after = (a: Position, b: Position) => a.seq > b.seq || (a.seq === b.seq && a.offset > b.offset);

/** Moves the watermark to the earliest position of the signals sent (never back). */
async function settleWatermark(db: SpanlightDB, active: readonly Signal[]): Promise<void> {
  if (!active.length) return;
  const positions = await Promise.all(active.map((s) => signalPosition(db, s)));
  const earliest = positions.reduce((a, b) => (after(a, b) ? b : a));
  await markExportedUpTo(db, earliest);
}

/**
 * `signal` delivered (or parked) everything before `position`: its position moves there (never
 * back), and the watermark with it as far as the signals sent all are. Nothing, for a signal no
 * longer sent. Every row it needs is read at once, and written at once: a backlog drains with
 * one of these per round of requests, so its round trips to the store are kept to two.
 */
export function markSignalUpTo(db: SpanlightDB, signal: Signal, position: Position): Promise<void> {
  return db.transaction('rw', db.meta, async () => {
    const keys = ['signals', 'exported', ...SIGNALS.map((s) => `sent:${s}` as const)];
    const [signalsRow, exportedRow, ...sentRows] = await db.meta.bulkGet(keys);
    const active = signalsRow?.key === 'signals' ? signalsRow.value : (['traces'] as Signal[]);
    if (!active.includes(signal)) return;
    const watermark = exportedRow?.key === 'exported' ? exportedRow.value : { seq: 0, offset: 0 };
    // As signalPosition reads them: a signal's own position, or the watermark where that is later.
    const positions = new Map(
      SIGNALS.map((s, i) => {
        const own = sentRows[i]?.key === `sent:${s}` ? (sentRows[i]!.value as Position) : undefined;
        return [s, own && after(own, watermark) ? own : watermark];
      }),
    );
    const writes: MetaRow[] = [];
    if (after(position, positions.get(signal)!)) {
      positions.set(signal, position);
      writes.push({ key: `sent:${signal}`, value: position });
    }
    const earliest = active.map((s) => positions.get(s)!).reduce((a, b) => (after(a, b) ? b : a));
    if (after(earliest, watermark)) writes.push({ key: 'exported', value: earliest });
    if (writes.length) await db.meta.bulkPut(writes);
  });
}

/**
 * The signals the user sends changed to `active`: they are kept, the others' positions are
 * forgotten (turned on again, they start from the watermark), and the watermark goes as far as
 * the active ones are.
 */
export function followSignals(db: SpanlightDB, active: readonly Signal[], all: readonly Signal[]): Promise<void> {
  return db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: 'signals', value: [...active] });
    for (const signal of all) if (!active.includes(signal)) await db.meta.delete(`sent:${signal}`);
    await settleWatermark(db, active);
  });
}
