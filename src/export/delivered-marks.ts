/**
 * Moves a signal's position over delivered requests without holding up the requests after them.
 * An export run hands each delivered prefix here (where it ends, how many records it holds); one
 * write runs at a time, and the next goes straight to the latest position handed in, so a backlog
 * drains with a watermark write per round trip of the store, not per request. Nothing is marked
 * that was not delivered: a write covers only positions handed in. `settled()` waits for every
 * write so far and rethrows a failed one; the run calls it before it parks, backs off or ends. A
 * failed write is rethrown by the next `add()` too, so the run stops there instead of sending the
 * rest of a backlog it can no longer mark.
 */
import type { Position } from '../store/db';

export class DeliveredMarks {
  private pending: { upTo: Position; records: number } | undefined;
  private writing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  /** `write` moves the position to `upTo`, over `records` records delivered since the last write. */
  constructor(private readonly write: (upTo: Position, records: number) => Promise<void>) {}

  /** Records up to `upTo` (after every position handed in before) were delivered; throws a write's failure. */
  add(upTo: Position, records: number): void {
    this.rethrow();
    this.pending = { upTo, records: (this.pending?.records ?? 0) + records };
    this.writing ??= this.writeAll();
  }

  /** Resolves once everything handed in is written; rejects with a write's failure. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
    this.rethrow();
  }

  private rethrow(): void {
    if (!this.failure) return;
    const { error } = this.failure;
    this.failure = undefined;
    throw error;
  }

  private async writeAll(): Promise<void> {
    try {
      while (this.pending && !this.failure) {
        const { upTo, records } = this.pending;
        this.pending = undefined;
        // A rejection even when `write` throws at once: writeAll must not end before `add` has
        // stored it as `writing`, or settled() would await that finished promise for ever.
        await (async () => this.write(upTo, records))();
      }
    } catch (error) {
      // Kept for settled(); the positions not written stay unmarked (sent again: at least once).
      this.failure = { error };
      this.pending = undefined;
    } finally {
      this.writing = undefined;
    }
  }
}
