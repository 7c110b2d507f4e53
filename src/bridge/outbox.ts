/**
 * What the bridge holds to send: events grouped by page view, in order (an event of the same
 * page view as the last joins its group), and the count of those dropped since the last send.
 */
import type { PageContext } from '../protocol/bridge';
import type { PageEvent } from '../protocol/page';
import type { Group } from './send-group';

export class Outbox {
  #groups: Group[] = [];
  /** Events held. */
  queued = 0;
  /** Events dropped (forged, over a limit) since the last take. */
  dropped = 0;

  add(page: PageContext, event: PageEvent): void {
    const last = this.#groups.at(-1);
    if (last?.page === page) last.events.push(event);
    else this.#groups.push({ page, events: [event] });
    this.queued++;
  }

  /** Empties the outbox: its groups, or one empty group of `page` when only drops are to be reported. */
  take(page: PageContext): { groups: Group[]; dropped: number } {
    const taken = { groups: this.#groups.length ? this.#groups : [{ page, events: [] }], dropped: this.dropped };
    this.clear();
    return taken;
  }

  clear(): void {
    this.#groups = [];
    this.queued = this.dropped = 0;
  }
}
