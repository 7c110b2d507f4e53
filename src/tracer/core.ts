/**
 * Loads the AssemblyScript tracer core (src/tracer/assembly/core.ts, built by
 * `npm run build:wasm`) from the bytes inlined in the bundle.
 */
import { coreWasmBase64 } from './generated/core-wasm';

/** The core's flat numeric exports; see the memory layout at the head of the AssemblyScript file. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  init(seedHi: number, seedLo: number): void;
  pagePtr(): number;
  tablePtr(): number;
  stampPtr(): number;
  recordSize(): number;
  capacity(): number;
  count(): number;
  reset(): void;
  setPage(timeOriginMs: number): number;
  record(root: number, startMs: number, endMs: number): number;
  spanIdPtr(): number;
  recordWithId(startMs: number, endMs: number): number;
  stamp(ms: number): number;
}

/** Error codes returned by the core's exports. */
export const CoreCode = { FULL: -1, BAD_ID: -2, BAD_TIME: -3, NO_PAGE: -4 } as const;

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

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Instantiates the core, seeded from crypto.getRandomValues. Rejects where the context's CSP
 * refuses WebAssembly (Chromium content scripts on pages without 'wasm-unsafe-eval').
 */
export async function loadCore(): Promise<CoreExports> {
  const { instance } = await WebAssembly.instantiate(decodeBase64(coreWasmBase64), {});
  const core = instance.exports as unknown as CoreExports;
  const seed = crypto.getRandomValues(new Uint32Array(2));
  core.init(seed[0]!, seed[1]!);
  return core;
}
