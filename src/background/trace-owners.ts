/**
 * Which sender each page view (trace) belongs to, so a frame adds spans only to page views it was
 * given. A page can learn another tab's trace id (from a `traceparent` header it receives, say)
 * and send spans under it, to fill that page view up to its spans limit so the victim's own
 * spans are dropped, or to write into it.
 *
 * Each bridge names its page view (a `view` message) as it begins, before any of its ids can
 * leave the page, so the rightful sender is the first. The binding lives in two places. In memory, for the worker's life: the first sender (tab,
 * frame and origin, see Sender.owner) a trace id arrives from owns it, and no other sender's
 * batch of that trace is taken. In the store: the page view's row keeps the run and tab it was
 * first stored under, so after a worker restart a trace already stored for another tab (or an
 * earlier run) is refused too; within one tab after a restart, the row alone cannot tell frames
 * apart, and the first frame to send again owns the trace in memory from then on.
 */
import type { SpanlightDB } from '../store/db';

/** Traces remembered in memory; the oldest is forgotten first (the stored row still binds it). */
const MAX_TRACES = 20_000;

export class TraceOwners {
  private readonly owners = new Map<string, string>();

  constructor(private readonly db: SpanlightDB) {}

  /**
   * Whether `owner`, sending from tab `tabId` of run `runId`, may add to page view `traceId`;
   * the first sender to ask owns it from then on.
   */
  async claim(traceId: string, owner: string, runId: string, tabId: number): Promise<boolean> {
    const known = this.owners.get(traceId);
    if (known !== undefined) return known === owner;
    const row = await this.db.pageViews.get(traceId);
    if (row && (row.runId !== runId || row.tabId !== tabId)) return false;
    // Checked again after the read: another batch of the trace may have claimed it meanwhile.
    const now = this.owners.get(traceId);
    if (now !== undefined) return now === owner;
    this.owners.set(traceId, owner);
    if (this.owners.size > MAX_TRACES) this.owners.delete(this.owners.keys().next().value!);
    return true;
  }
}
