import { describe, expect, it } from 'vitest';
import { refusesWasm } from '../src/csp';

describe('refusesWasm', () => {
  it('allows WebAssembly where no policy governs script', () => {
    expect(refusesWasm([])).toBe(false);
    expect(refusesWasm(["img-src *; frame-ancestors 'none'"])).toBe(false);
    expect(refusesWasm([''])).toBe(false);
  });

  it('refuses it where script-src or default-src lacks wasm-unsafe-eval and unsafe-eval', () => {
    expect(refusesWasm(["script-src 'self'"])).toBe(true);
    expect(refusesWasm(["default-src 'self'"])).toBe(true);
    expect(refusesWasm(["script-src 'self' 'wasm-unsafe-eval'"])).toBe(false);
    expect(refusesWasm(["default-src 'self' 'unsafe-eval'"])).toBe(false);
    expect(refusesWasm(["SCRIPT-SRC 'SELF' 'WASM-UNSAFE-EVAL'"])).toBe(false);
  });

  it('takes script-src over default-src, and the first of a repeated directive', () => {
    expect(refusesWasm(["default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"])).toBe(false);
    expect(refusesWasm(["default-src 'unsafe-eval'; script-src 'self'"])).toBe(true);
    expect(refusesWasm(["script-src 'self'; script-src 'unsafe-eval'"])).toBe(true);
  });

  it('refuses it when any one of several policies does, comma-separated or in separate headers', () => {
    expect(refusesWasm(["script-src 'wasm-unsafe-eval', script-src 'self'"])).toBe(true);
    expect(refusesWasm(["script-src 'wasm-unsafe-eval'", "default-src 'none'"])).toBe(true);
    expect(refusesWasm(["script-src 'wasm-unsafe-eval'", 'img-src data:'])).toBe(false);
  });

  it('reads a huge hostile header without trouble', () => {
    expect(refusesWasm([`script-src ${"'self' ".repeat(50_000)}`])).toBe(true);
    expect(refusesWasm([';'.repeat(100_000) + "script-src 'unsafe-eval'"])).toBe(false);
  });
});
