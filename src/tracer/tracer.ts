/**
 * The tracer: page events in, finished spans out. The same class runs in the content script and,
 * for pages whose CSP refuses WebAssembly there, in the background, so both give the same spans.
 */
import type { PageContext } from '../protocol/bridge';
import type { PageEvent } from '../protocol/page';
import type { HrTime, SpanRecord } from '../protocol/span';
import { CoreCode, CoreError, loadCore, type CoreExports } from './core';
import { describeEvent, type SpanParts } from './describe-event';

/** Where the core runs; recorded on each page view's root span as `spanlight.core`. */
export type CoreHost = 'content' | 'background';

const encoder = new TextEncoder();

/** A span written to the core's table, waiting to be read back with its stamped event times. */
interface Pending {
  part: SpanParts;
  eventTimes: HrTime[];
}

export class Tracer {
  private constructor(
    private readonly core: CoreExports,
    readonly host: CoreHost,
  ) {}

  /** Loads the WASM core; rejects where the context refuses WebAssembly. */
  static async load(host: CoreHost): Promise<Tracer> {
    return new Tracer(await loadCore(), host);
  }

  /** The spans of `events`, all in the page view `page`. Throws CoreError on a bad context. */
  toSpans(page: PageContext, events: readonly PageEvent[]): SpanRecord[] {
    const { core } = this;
    const ids = encoder.encode(page.traceId + page.rootSpanId);
    new Uint8Array(core.memory.buffer, core.pagePtr(), ids.length).set(ids);
    const code = core.setPage(page.timeOrigin);
    if (code !== 0) throw new CoreError(`page context refused: ${code}`, code);

    const spans: SpanRecord[] = [];
    const pending: Pending[] = [];
    core.reset();
    for (const event of events) {
      for (const part of describeEvent(event, page.url)) {
        if (part.root) part.attributes['spanlight.core'] = this.host;
        let index = this.record(part);
        if (index === CoreCode.FULL) {
          this.drain(pending, page.url, spans);
          index = this.record(part);
        }
        if (index < 0) throw new CoreError(`span refused: ${index}`, index);
        // Span events are stamped now, while the page context is set.
        pending.push({ part, eventTimes: part.events.map((e) => this.stamp(e.time)) });
      }
    }
    this.drain(pending, page.url, spans);
    return spans;
  }

  /** Writes one span to the core's table; returns its index or a CoreCode. */
  private record(part: SpanParts): number {
    const { core } = this;
    if (!part.spanId) return core.record(part.root ? 1 : 0, part.start, part.end);
    new Uint8Array(core.memory.buffer, core.spanIdPtr(), 16).set(encoder.encode(part.spanId));
    return core.recordWithId(part.start, part.end);
  }

  /** Reads the table's records (one per entry of `pending`) into `out`, then empties both. */
  private drain(pending: Pending[], pageUrl: string, out: SpanRecord[]): void {
    const { core } = this;
    const size = core.recordSize();
    const bytes = new Uint8Array(core.memory.buffer, core.tablePtr(), size * pending.length);
    const words = new Uint32Array(core.memory.buffer, core.tablePtr(), (size / 4) * pending.length);
    pending.forEach(({ part, eventTimes }, i) => {
      const at = i * size;
      const w = at / 4;
      const parent = bytes[at + 48] === 0 ? undefined : ascii(bytes, at + 48, 16);
      const span: SpanRecord = {
        traceId: ascii(bytes, at, 32),
        spanId: ascii(bytes, at + 32, 16),
        name: part.name,
        kind: part.kind,
        start: [words[w + 16]!, words[w + 17]!],
        end: [words[w + 18]!, words[w + 19]!],
        status: part.status,
        attributes: part.attributes,
        events: part.events.map((e, j) => ({ name: e.name, time: eventTimes[j]! })),
        pageUrl,
      };
      if (parent) span.parentSpanId = parent;
      out.push(span);
    });
    pending.length = 0;
    core.reset();
  }

  private stamp(ms: number): HrTime {
    const code = this.core.stamp(ms);
    if (code !== 0) throw new CoreError(`time refused: ${code}`, code);
    const pair = new Uint32Array(this.core.memory.buffer, this.core.stampPtr(), 2);
    return [pair[0]!, pair[1]!];
  }
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}
