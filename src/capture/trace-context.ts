/**
 * The page side's view of the page view's trace: its id and where `traceparent` may go, both
 * sent by the bridge. Until they arrive (a few milliseconds after document_start) no request is
 * changed. Span ids for propagated requests are made here, so the header leaves with the request.
 */
import type { PageConfig } from '../protocol/page';
import { traceSampled } from '../tracer/sampling';
import { apply } from './platform';

const HEX = '0123456789abcdef';
const { dispatchEvent } = EventTarget.prototype;
const Custom = CustomEvent;

/**
 * Asks the bridge whether a request to `url` gets `traceparent`: it answers by cancelling the
 * event, synchronously, so the header leaves with the request (and the page learns one bit about
 * its own request, as it would from the header).
 */
function allowed(askEvent: string, url: string): boolean {
  const ask = new Custom(askEvent, { __proto__: null, cancelable: true, detail: url } as CustomEventInit);
  return !apply(dispatchEvent, window, [ask]);
}
// Taken at document_start: a page's replacement must not make (or withhold) our ids.
const NativeUint8Array = Uint8Array;
/** Random bytes drawn at a time: getRandomValues costs ~1 µs a call in Chromium, more than the rest of an id. */
const POOL = 256;

export class TraceContext {
  private traceId: string | undefined;
  /** Set once the page side has started a page view itself (a route change): it then owns the id. */
  private ownsTrace = false;
  /** The page view's number: 0 for the document, one more at each route change. */
  view = 0;
  /** While an interaction's handlers run, its span id as the parent of requests they start. */
  during: { parent?: string } = {};
  private propagate = false;
  private askEvent = '';
  private sampleRatio = 1;
  // Bound at document_start, before any page script could replace it.
  private readonly fill = crypto.getRandomValues.bind(crypto);
  private readonly pool = new NativeUint8Array(POOL);
  private used = POOL;

  /** Takes the bridge's latest config. */
  configure(config: PageConfig): void {
    if (!this.ownsTrace) this.traceId = config.traceId;
    this.propagate = config.propagate;
    this.askEvent = config.askEvent;
    this.sampleRatio = config.sampleRatio;
  }

  /** Starts a new page view (a route change): a new trace id, used at once; the bridge adopts it. */
  startPageView(): string {
    this.ownsTrace = true;
    this.view++;
    this.during = {}; // an interaction of the old page view is no parent in the new one
    this.traceId = this.randomHex(16);
    return this.traceId;
  }

  /** A new span id, for a span the page side must name before the core writes it. */
  spanId(): string {
    return this.randomHex(8);
  }

  private randomHex(length: 8 | 16): string {
    // Index loops and a digit table: no array method or Number.prototype.toString a page replaced.
    const { pool } = this;
    if (this.used + length > POOL) {
      this.fill(pool);
      this.used = 0;
    }
    let any = 0;
    let hex = '';
    for (let i = 0; i < length; i++) {
      // All zeros is not a valid id: after zeros only (one chance in 2^56 for a span id), the last byte is 1 at least.
      const byte = pool[this.used++]! || (i === length - 1 && !any ? 1 : 0);
      any |= byte;
      hex += HEX[byte >> 4]! + HEX[byte & 15]!;
    }
    return hex;
  }

  /** Whether a request may carry `traceparent` now: when not, headerFor gives none to any URL. */
  propagates(): boolean {
    return !!this.traceId && this.propagate;
  }

  /** A `traceparent` value and its new span id for a request to `url`, when it may carry one. */
  headerFor(url: string): { traceparent: string; spanId: string } | undefined {
    // Nothing is propagated by default: then nothing is asked.
    if (!this.propagates() || !allowed(this.askEvent, url)) return undefined;
    const spanId = this.spanId();
    // Version 00; sampled when the page view is (the core keeps its spans by the same rule).
    const flags = traceSampled(this.traceId!, this.sampleRatio) ? '01' : '00';
    return { traceparent: `00-${this.traceId}-${spanId}-${flags}`, spanId };
  }
}
