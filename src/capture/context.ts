/** What every page-side feature gets. */
import type { PageConfig } from '../protocol/page';
import type { Emit } from './page-channel';
import type { TraceContext } from './trace-context';

export interface CaptureContext {
  /** Queues an event for the bridge. */
  emit: Emit;
  /** Aborts when capture stops: every listener and wrapper is removed. */
  signal: AbortSignal;
  /** The page view's trace, and whether (and how) requests may carry `traceparent`. */
  trace: TraceContext;
  /**
   * Registers work to do synchronously when the page is left (hidden or unloading), before the
   * last events cross to the bridge: whatever waits on a timer or an observer's next callback.
   */
  onLeave(finish: () => void): void;
  /** Registers a listener for each config the bridge sends (a few ms after document_start, and on changes). */
  onConfig(listener: (config: PageConfig) => void): void;
}

/** A page-side feature: records what it observes, until the context's signal aborts. */
export type Feature = (context: CaptureContext) => void;
