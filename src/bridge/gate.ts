/**
 * What the bridge lets in. Nothing until the settings are read (they say whether capture is off
 * on this site) beyond a bounded hold; nothing once they say off, for the rest of the document
 * (the page side has undone its hooks; a reload turns it on); and at most a rate a second.
 */
import type { CaptureConfig } from '../capture-config';
import type { PageEvent } from '../protocol/page';
import { captureOff } from '../sites';
import { RateLimit } from './rate-limit';

export class Gate {
  /** Whether the settings have been read. */
  configured = false;
  /** Whether capture is off on this frame's site, or one around it. */
  off = false;
  #limit: RateLimit;
  /** Events held at most until the settings are read. */
  #maxUnconfigured: number;

  constructor(perSecond: number, maxUnconfigured: number) {
    this.#limit = new RateLimit(perSecond);
    this.#maxUnconfigured = maxUnconfigured;
  }

  /** Takes new settings; true if they turn capture off here (it was on). */
  configure(config: CaptureConfig, hosts: readonly string[]): boolean {
    this.configured = true;
    if (this.off || !hosts.some((host) => captureOff(host, config.offSites))) return false;
    return (this.off = true);
  }

  /** Whether anything may leave: the settings are read and capture is on. */
  get open(): boolean {
    return this.configured && !this.off;
  }

  /** Of `events` arriving at `now` (Unix ms) with `held` events held, those let in, and how many are dropped (none once off: discarded). */
  admit(events: PageEvent[], held: number, now: number): { events: PageEvent[]; dropped: number } {
    if (this.off) return { events: [], dropped: 0 };
    if (!this.configured && held + events.length > this.#maxUnconfigured) return { events: [], dropped: events.length };
    const room = this.#limit.take(events.length, now);
    return events.length > room ? { events: events.slice(0, room), dropped: events.length - room } : { events, dropped: 0 };
  }
}
