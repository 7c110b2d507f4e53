import { describe, expect, it } from 'vitest';
import { describeDifference, holdsZero, pairedDifference, shuffled } from '../bench/paired';

/** A seeded generator (mulberry32), so the coverage check is the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('paired differences', () => {
  it('bounds the median of 20 pairs by the 6th and 15th smallest (the binomial table)', () => {
    const d = pairedDifference(shuffled(Array.from({ length: 20 }, (_, i) => i + 1), seeded(1)));
    expect(d).toEqual({ pairs: 20, median: 10.5, low: 6, high: 15 });
  });

  it('gives no interval for fewer than 6 pairs, and says so', () => {
    const d = pairedDifference([3, 1, 2, 5, 4]);
    expect(d.low).toBeUndefined();
    expect(holdsZero(d)).toBe(false);
    expect(describeDifference(d)).toBe('+3.0 ms (too few pairs for an interval, 5 pairs)');
  });

  it('holds the true median at least 95 % of the time, whatever the noise looks like', () => {
    const random = seeded(7);
    // Skewed, heavy-tailed noise with median 0: a machine that is sometimes very busy.
    const noise = () => {
      const u = random();
      return u < 0.5 ? -random() : random() < 0.9 ? random() : 20 * random();
    };
    let held = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) if (holdsZero(pairedDifference(Array.from({ length: 30 }, noise)))) held++;
    expect(held / trials).toBeGreaterThanOrEqual(0.95);
    expect(held / trials).toBeLessThan(0.99);
  });

  it('tells a real difference from zero when there is one', () => {
    const random = seeded(3);
    const d = pairedDifference(Array.from({ length: 40 }, () => 2 + (random() - 0.5)));
    expect(holdsZero(d)).toBe(false);
    expect(d.low).toBeGreaterThan(1.4);
    expect(describeDifference(d, 'ms', 1, 0)).toMatch(/^\+2 ms \(95 % CI \+2 … \+2, 40 pairs\)$/);
  });

  it('shuffles into a permutation of what it was given', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffled(items, seeded(9));
    expect(out).not.toEqual(items);
    expect([...out].sort((a, b) => a - b)).toEqual(items);
  });
});
