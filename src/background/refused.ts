/**
 * A batch refused for reasons that would hold again (malformed, forged, or the core cannot take
 * it): counted as dropped, per span or event, and nacked, so the bridge never sends it again.
 */
import type { IngestMessage } from '../protocol/bridge';

export type BatchMessage = Exclude<IngestMessage, { type: 'view' }>;

/** The spans or events of a message, and what the bridge dropped before it: what is lost when it is refused. */
export const itemsOf = (message: BatchMessage) => Math.max(1, (message.type === 'spans' ? message.spans.length : message.events.length) + message.dropped);

export class Refused extends Error {
  override name = 'Refused';
  constructor(
    message: string,
    readonly count: number,
  ) {
    super(message);
  }
}
