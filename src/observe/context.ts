/** What every observer of the bridge's gets. */
import type { PageEvent } from '../protocol/page';

export interface ObserveContext {
  /** Hands an event to the bridge, as if the page side had sent it (but nothing crossed the page). */
  emit(event: PageEvent): void;
  /** Aborts when observing stops (capture is off on this site). */
  signal: AbortSignal;
  /** Registers work to do synchronously when the page is left, before the last events are sent. */
  onLeave(finish: () => void): void;
  /** The current page view's number (0: the document; one more at each route change). */
  view(): number;
  /** The span id of the interaction that started within [from, to] ms, if the page side reported one. */
  interactionSpan(from: number, to: number): string | undefined;
}

/** An observer: records what the page's performance timeline shows, until the signal aborts. */
export type Observer = (context: ObserveContext) => void;
