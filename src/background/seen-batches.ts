/**
 * Batches already taken, by the sender's batch key: a batch sent again (its ack was lost, or the
 * bridge resent it while the first copy was being stored) is recognised before anything is done
 * with it, so it redoes no eviction, no counting and no redaction, and is acknowledged again.
 *
 * Stored batches are found by their key in the store (its unique `key` index), which survives a
 * worker restart. A batch that stored nothing (all its spans left out by sampling) has no row:
 * it is remembered in memory for the worker's life, so after a restart its resend counts its
 * sampled-out spans once more (nothing is stored twice).
 */
import type { SpanlightDB } from '../store/db';

/** Keys remembered in memory; the oldest is forgotten first. */
const MAX_KEYS = 10_000;

export class SeenBatches {
  private readonly done = new Set<string>();
  private readonly taking = new Map<string, Promise<boolean>>();

  constructor(private readonly db: SpanlightDB) {}

  /** Whether batch `key` was taken before (in memory, or stored). */
  async seen(key: string): Promise<boolean> {
    if (this.done.has(key)) return true;
    return (await this.db.batches.where('key').equals(key).count()) > 0;
  }

  /** Marks batch `key` as taken (e.g. refused for good), so a copy sent again is only acknowledged. */
  remember(key: string): void {
    this.done.add(key);
    if (this.done.size > MAX_KEYS) this.done.delete(this.done.values().next().value!);
  }

  /**
   * Runs `take` for batch `key` unless a copy is being taken already, in which case it resolves
   * as that copy does. Resolves true once the batch is taken (and remembers it), false if `take`
   * failed (it rejects then, for the first copy).
   */
  async once(key: string, take: () => Promise<void>): Promise<boolean> {
    // Taken since the caller looked (its store read raced the first copy's write).
    if (this.done.has(key)) return true;
    const running = this.taking.get(key);
    if (running) return running;
    const run = take().then(() => {
      this.remember(key);
      return true;
    });
    this.taking.set(key, run.catch(() => false));
    try {
      return await run;
    } finally {
      this.taking.delete(key);
    }
  }
}
