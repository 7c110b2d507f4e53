/** WASM instantiation cost (bench/page-cost.ts): the core loaded as the bridge loads it, per frame. */
import { loadCore } from '../../src/tracer/core';

declare global {
  var instantiateCore: (n: number) => Promise<{ medianUs: number; memoryBytes: number }>;
}

globalThis.instantiateCore = async (n) => {
  const times: number[] = [];
  let memoryBytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const core = await loadCore();
    times.push((performance.now() - started) * 1000);
    memoryBytes = core.memory.buffer.byteLength;
  }
  times.sort((a, b) => a - b);
  return { medianUs: times[times.length >> 1]!, memoryBytes };
};
