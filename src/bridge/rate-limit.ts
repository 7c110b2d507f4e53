/**
 * The bridge's rate limit: events accepted from one frame per second, the rest dropped (and
 * counted by the caller). A fixed one-second window, so a page that floods pays only for itself.
 */
export class RateLimit {
  private start = 0;
  private count = 0;

  constructor(private readonly perSecond: number) {}

  /** How many of `n` events arriving at `now` (Unix ms) fit within this second's budget. */
  take(n: number, now: number): number {
    if (now - this.start >= 1000) {
      this.start = now;
      this.count = 0;
    }
    const room = Math.max(0, this.perSecond - this.count);
    this.count += n;
    return Math.min(n, room);
  }
}
