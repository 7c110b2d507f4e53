import { describe, expect, it } from 'vitest';
import { LABEL_GAP, placeDurationLabel } from '../src/viewer/duration-label';

describe('duration labels', () => {
  it('writes the label right of its bar when it fits', () => {
    expect(placeDurationLabel(100, 200, 40, 500)).toEqual({ x: 200 + LABEL_GAP, inside: false });
  });

  it('moves it left of a bar that ends near the right edge, never over the bar', () => {
    const place = placeDurationLabel(300, 480, 40, 500)!;
    expect(place.inside).toBe(false);
    expect(place.x + 40).toBeLessThanOrEqual(300);
  });

  it('writes it inside a bar that fills the window', () => {
    const place = placeDurationLabel(-100, 800, 40, 500)!;
    expect(place.inside).toBe(true);
    expect(place.x).toBeGreaterThanOrEqual(0);
    expect(place.x + 40).toBeLessThanOrEqual(500);
  });

  it('leaves out the label of a bar outside the window, on either side', () => {
    expect(placeDurationLabel(-300, -200, 40, 500)).toBeUndefined();
    expect(placeDurationLabel(600, 700, 40, 500)).toBeUndefined();
  });

  it('keeps a label beside a bar that starts before the window and ends in it', () => {
    expect(placeDurationLabel(-300, 50, 40, 500)).toEqual({ x: 50 + LABEL_GAP, inside: false });
  });

  it('leaves it out when there is no room anywhere', () => {
    expect(placeDurationLabel(10, 30, 40, 60)).toBeUndefined();
  });
});
