import { describe, expect, it } from 'vitest';
import { placeMarkLabels } from '../src/viewer/mark-labels';

describe('mark labels on the axis', () => {
  it('writes each label just right of its mark when there is room', () => {
    expect(placeMarkLabels([{ at: 10, width: 20 }, { at: 100, width: 20 }], 500)).toEqual([13, 103]);
  });

  it('moves the second of two marks at the same moment past the first, so they never overprint', () => {
    const [fcp, lcp] = placeMarkLabels([{ at: 50, width: 22 }, { at: 50, width: 21 }], 500);
    expect(fcp).toBe(53);
    expect(lcp).toBe(53 + 22 + 3);
  });

  it('orders by mark, whatever order the labels come in', () => {
    const [late, early] = placeMarkLabels([{ at: 52, width: 20 }, { at: 50, width: 20 }], 500);
    expect(early).toBe(53);
    expect(late).toBe(76);
  });

  it('keeps labels inside the axis, pushing the ones before back with them', () => {
    const places = placeMarkLabels([{ at: 495, width: 20 }, { at: 498, width: 20 }], 500);
    expect(places).toEqual([457, 480]);
    expect(Math.max(...places.map((p, i) => p + [20, 20][i]!))).toBeLessThanOrEqual(500);
    expect(places[1]! - places[0]!).toBeGreaterThanOrEqual(23);
  });

  it('never starts a label before the axis', () => {
    expect(placeMarkLabels([{ at: 0, width: 30 }, { at: 1, width: 30 }], 40)).toEqual([0, 10]);
  });
});
