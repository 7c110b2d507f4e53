/**
 * The page side's view of the page view's trace: its id and where `traceparent` may go, both
 * sent by the bridge. Until they arrive (a few milliseconds after document_start) no request is
 * changed. Span ids for propagated requests are made here, so the header leaves with the request.
 */
import type { PageConfig } from '../protocol/page';
import { shouldPropagate, type PropagationRules } from './propagation';

export class TraceContext {
  private traceId: string | undefined;
  private rules: PropagationRules = { sameOrigin: false, origins: [] };
  // Bound at document_start, before any page script could replace it.
  private readonly fill = crypto.getRandomValues.bind(crypto);
  private readonly origin = location.origin;

  /** Takes the bridge's latest config. */
  configure(config: PageConfig): void {
    this.traceId = config.traceId;
    this.rules = config.propagation;
  }

  /** A `traceparent` value and its new span id for a request to `url`, when it may carry one. */
  headerFor(url: string): { traceparent: string; spanId: string } | undefined {
    if (!this.traceId || !shouldPropagate(url, this.origin, this.rules)) return undefined;
    const bytes = new Uint8Array(8);
    do this.fill(bytes);
    while (bytes.every((b) => b === 0));
    let spanId = '';
    for (const b of bytes) spanId += (b < 16 ? '0' : '') + b.toString(16);
    // Version 00, sampled: the span is recorded whatever the backend decides.
    return { traceparent: `00-${this.traceId}-${spanId}-01`, spanId };
  }
}
