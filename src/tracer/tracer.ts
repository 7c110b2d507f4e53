/**
 * The tracer: page events in, a batch of spans out. The same class runs in the content script and,
 * for pages whose CSP refuses WebAssembly there, in the background, so both give the same spans.
 */
import type { PageContext } from '../protocol/bridge';
import type { PageEvent } from '../protocol/page';
import { decodeSpanBatch, type DecodedBatch, type WireSpanBatch } from '../protocol/span-batch';
import { CoreError, loadCore } from './core';
import { SpanWriter, type TracerConfig } from './span-writer';
import { writeEvent } from './write-event';

/** Where the core runs; recorded on each page view's root span as `spanlight.core`. */
export type CoreHost = 'content' | 'background';

export class Tracer {
  private constructor(
    readonly writer: SpanWriter,
    readonly host: CoreHost,
  ) {}

  /** Loads the WASM core; rejects where the context refuses WebAssembly. */
  static async load(host: CoreHost, config?: TracerConfig): Promise<Tracer> {
    const tracer = new Tracer(new SpanWriter(await loadCore()), host);
    if (config) tracer.configure(config);
    return tracer;
  }

  configure(config: TracerConfig): void {
    this.writer.configure(config);
  }

  /** The spans of `events`, all in the page view `page`, as the bridge sends them. Throws CoreError on a bad context. */
  toBatch(page: PageContext, events: readonly PageEvent[]): WireSpanBatch {
    const w = this.writer;
    w.begin(page);
    // The root span of a page view says where its core ran.
    const root = { 'spanlight.core': this.host };
    for (const event of events) writeEvent(w, event, root);
    return w.finish();
  }
}

/**
 * tracer.toBatch(), decoded: what the background stores. A function, not a method, so the
 * content script's bundle leaves the decoder out.
 */
export function toSpans(tracer: Tracer, page: PageContext, events: readonly PageEvent[]): DecodedBatch {
  const decoded = decodeSpanBatch(tracer.toBatch(page, events));
  if (!decoded) throw new CoreError('the core wrote a batch its decoder refuses');
  return decoded;
}
