/**
 * Sends one page view's queued events to the background in pieces the background takes whole:
 * at most PIECE_EVENTS events each (a group held until the settings arrive may be four times
 * that), as spans made by this frame's core, or as the events themselves where the background
 * runs the core.
 */
import type { PageContext } from '../protocol/bridge';
import type { PageEvent } from '../protocol/page';
import type { Tracer } from '../tracer/tracer';
import type { BackgroundLink } from './background-link';

/** Events sent in one message, well within the background's limit (PAGE_LIMITS.eventsPerBatch). */
export const PIECE_EVENTS = 500;

/** Events waiting to be sent, grouped by the page view they belong to. */
export interface Group {
  page: PageContext;
  events: PageEvent[];
}

/**
 * Sends `group`, the first piece also reporting `lost` (events dropped before it); `tracer` is
 * undefined where the background runs the core. An empty group still goes, to carry `lost`.
 */
export function sendGroup(link: Pick<BackgroundLink, 'send'>, tracer: Tracer | undefined, { page, events }: Group, lost: number): void {
  let at = 0;
  do {
    const piece = events.slice(at, (at += PIECE_EVENTS));
    const dropped = at > PIECE_EVENTS ? 0 : lost;
    if (!tracer) {
      link.send({ type: 'events', page, events: piece, dropped }, piece.length);
      continue;
    }
    try {
      link.send({ type: 'spans', data: tracer.toBatch(page, piece), dropped }, piece.length);
    } catch {
      // Only a bug reaches here (events are checked); count them rather than break the page.
      link.send({ type: 'events', page, events: [], dropped: dropped + piece.length });
    }
  } while (at < events.length);
}
