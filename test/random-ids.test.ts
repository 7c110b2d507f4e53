/**
 * Random ids, on the page side (TraceContext) and elsewhere (randomHexId): well formed, never all
 * zero, all different; the page side's drawn from the platform's generator many at a time (a draw
 * per id cost about as much as the rest of a click's span).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomHexId } from '../src/tracer/ids';
import { TraceContext } from '../src/capture/trace-context';

afterEach(() => vi.restoreAllMocks());

/** Calls of crypto.getRandomValues while `run` runs. */
function draws(run: () => void): number {
  const spy = vi.spyOn(crypto, 'getRandomValues');
  run();
  const calls = spy.mock.calls.length;
  spy.mockRestore();
  return calls;
}

describe('randomHexId', () => {
  it('gives distinct lowercase hex ids of the length asked', () => {
    const ids = [...Array.from({ length: 320 }, () => randomHexId(8)), ...Array.from({ length: 160 }, () => randomHexId(16))];
    expect(ids.filter((id) => !/^(?:[0-9a-f]{16}|[0-9a-f]{32})$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('is never all zero, whatever the generator gives', () => {
    let call = 0;
    // The first draw is all zeros: it is drawn again.
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength);
      bytes.fill(0);
      if (call++ > 0) bytes[bytes.length - 1] = 7;
      return array;
    });
    expect(randomHexId(8)).toBe('0000000000000007');
  });
});

describe("the page side's ids", () => {
  it('gives distinct span and trace ids, drawing 256 bytes at a time', () => {
    const ids: string[] = [];
    let trace!: TraceContext;
    const calls = draws(() => {
      trace = new TraceContext();
      for (let i = 0; i < 320; i++) ids.push(trace.spanId());
    });
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(320);
    expect(calls).toBe(10);
    expect(trace.startPageView()).toMatch(/^[0-9a-f]{32}$/);
  });
  it('makes a valid id when the generator gives only zeros', () => {
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength).fill(0);
      return array;
    });
    expect(new TraceContext().spanId()).toBe('0000000000000001');
  });
});
