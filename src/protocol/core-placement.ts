/** The bridge → background question of where its tracer core runs (Chromium), and the answer. */

/** The message's type: `{ type: CORE_PLACEMENT }`. */
export const CORE_PLACEMENT = 'core-placement';

/** 'content': the bridge may compile WebAssembly here; 'background': the background runs its core. */
export type CorePlacement = 'content' | 'background';

/** The answer as received: anything but 'content' means the background's core. */
export function parseCorePlacement(value: unknown): CorePlacement {
  return value === 'content' ? 'content' : 'background';
}
