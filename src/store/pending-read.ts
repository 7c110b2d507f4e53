/**
 * The export's read of the store: up to a number of spans after a position, in arrival order,
 * read in one IndexedDB transaction straight through the browser's API (`getAll` over a key range
 * of `batches`, then of `payloads`) rather than Dexie's cursor and one `get` a payload. Dexie adds
 * no cost that matters per span, but a cursor is a round trip to the browser per batch row; here a
 * read is two or three. Where each span ends is kept per batch, not as an object per span: a
 * backlog of a million spans would otherwise make a million positions to collect.
 */
import type { SpanRecord } from '../protocol/span';
import { pendingIn, type BatchRow, type PayloadRow, type Position, type SpanlightDB } from './db';

/** Batch rows asked for at a time: enough for most reads in one request, few to decode past the limit. */
const ROWS_PER_REQUEST = 16;

export interface PendingRead {
  spans: SpanRecord[];
  /** The position just after `spans[index]`: where the watermark goes once it is delivered. */
  positionAfter(index: number): Position;
}

const requested = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Up to `limit` spans after `after` (none of imported batches, never exported), in arrival order,
 * whether or not export is held (the caller checks).
 */
export async function readPending(db: SpanlightDB, after: Position, limit: number): Promise<PendingRead> {
  if (!db.isOpen()) await db.open();
  const tx = db.backendDB().transaction(['batches', 'payloads'], 'readonly');
  const batchStore = tx.objectStore('batches');
  const taken: { seq: number; from: number }[] = [];
  let wanted = 0;
  let range = IDBKeyRange.lowerBound(after.seq);
  while (wanted < limit) {
    const rows = await requested<BatchRow[]>(batchStore.getAll(range, ROWS_PER_REQUEST));
    for (const batch of rows) {
      const pending = pendingIn(batch, after);
      if (!pending || wanted >= limit) continue;
      taken.push({ seq: batch.seq!, from: batch.count - pending });
      wanted += pending;
    }
    if (rows.length < ROWS_PER_REQUEST) break;
    range = IDBKeyRange.lowerBound(rows.at(-1)!.seq!, true);
  }
  if (!taken.length) return { spans: [], positionAfter: () => after };
  const payloadStore = tx.objectStore('payloads');
  const first = taken[0]!.seq;
  const last = taken.at(-1)!.seq;
  // One request for a run of batches with nothing between them (the usual case); otherwise one
  // each, so an imported file stored between them is not read for nothing.
  const payloads =
    last - first + 1 === taken.length
      ? await requested<PayloadRow[]>(payloadStore.getAll(IDBKeyRange.bound(first, last)))
      : await Promise.all(taken.map(({ seq }) => requested<PayloadRow | undefined>(payloadStore.get(seq))));
  const bySeq = new Map<number, PayloadRow>();
  for (const payload of payloads) if (payload) bySeq.set(payload.seq, payload);
  const spans: SpanRecord[] = [];
  /** Per batch read: its seq, the offset of its first span read, and how many spans were read before it. */
  const starts: { seq: number; from: number; index: number }[] = [];
  for (const { seq, from } of taken) {
    const list = bySeq.get(seq)?.spans ?? [];
    const end = Math.min(list.length, from + limit - spans.length);
    if (end <= from) continue;
    starts.push({ seq, from, index: spans.length });
    for (let j = from; j < end; j++) spans.push(list[j]!);
  }
  return {
    spans,
    positionAfter(index) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]!.index <= index) lo = mid;
        else hi = mid - 1;
      }
      const batch = starts[lo]!;
      return { seq: batch.seq, offset: batch.from + index - batch.index + 1 };
    },
  };
}
