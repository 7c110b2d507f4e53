/**
 * Loads the AssemblyScript tracer core (src/tracer/assembly/core.ts, built by
 * `npm run build:wasm`) from the bytes inlined in the bundle.
 */
import { coreWasmBytes, coreWasmKey } from './generated/core-wasm';
export { CoreLayout } from '../protocol/span-batch';

/** The core's flat numeric exports; see the memory layout at the head of the AssemblyScript file. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  init(seedHi: number, seedLo: number): void;
  configure(ratio: number, slowMs: number, maxAttributes: number, maxValueLength: number): number;
  layout(): number;
  counts(): number;
  reset(): void;
  setPage(timeOriginMs: number): number;
  record(
    name: number,
    kind: number,
    how: number,
    startMs: number,
    endMs: number,
    status: number,
    message: number,
    attrsGiven: number,
    eventsGiven: number,
  ): number;
  redact(length: number): number;
}

/** Where the core's areas are (see layout() in the AssemblyScript file). */
export interface CoreAreas {
  page: number;
  spanId: number;
  urlIn: number;
  urlOut: number;
  spans: number;
  attrs: number;
  events: number;
  urlBytes: number;
  stage: number;
}

export function coreAreas(core: CoreExports): CoreAreas {
  const [page, spanId, urlIn, urlOut, spans, attrs, events, urlBytes, stage] = new Uint32Array(core.memory.buffer, core.layout(), 9);
  return { page: page!, spanId: spanId!, urlIn: urlIn!, urlOut: urlOut!, spans: spans!, attrs: attrs!, events: events!, urlBytes: urlBytes!, stage: stage! };
}

/** The core's table fills and sampled-out count (see counts() in the AssemblyScript file). */
export function coreCounts(core: CoreExports): { spans: number; attrs: number; events: number; sampledOut: number } {
  const [spans, attrs, events, sampledOut] = new Uint32Array(core.memory.buffer, core.counts(), 4);
  return { spans: spans!, attrs: attrs!, events: events!, sampledOut: sampledOut! };
}

/** Error codes returned by the core's exports. */
export const CoreCode = { FULL: -1, BAD_ID: -2, BAD_TIME: -3, NO_PAGE: -4, RANGE: -6 } as const;

/** The core refused an input or could not be loaded; `code` is one of CoreCode when it refused. */
export class CoreError extends Error {
  override name = 'CoreError';
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/** The core's module bytes, decoded from the bundle's string (scripts/build-wasm.mjs says how it is written). */
export function coreModuleBytes(): Uint8Array<ArrayBuffer> {
  // An index loop: Uint8Array.from over the string's iterator takes ~15× as long (~250 µs).
  const bytes = new Uint8Array(coreWasmBytes.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = coreWasmBytes.charCodeAt(i) ^ coreWasmKey;
  return bytes;
}

/**
 * Instantiates the core, seeded from crypto.getRandomValues. Rejects where the context's CSP
 * refuses WebAssembly (Chromium content scripts on pages without 'wasm-unsafe-eval').
 */
export async function loadCore(): Promise<CoreExports> {
  const { instance } = await WebAssembly.instantiate(coreModuleBytes(), {});
  const core = instance.exports as unknown as CoreExports;
  const seed = crypto.getRandomValues(new Uint32Array(2));
  core.init(seed[0]!, seed[1]!);
  return core;
}
