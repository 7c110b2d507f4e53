import { describe, expect, it } from 'vitest';
import { navigationEvent } from '../src/observe/page-load';

const entry = (fields: Record<string, unknown>) => ({ type: 'navigate', fetchStart: 2, redirectStart: 0, responseEnd: 30, loadEventEnd: 90, ...fields }) as unknown as PerformanceEntry;

describe('the page-load event', () => {
  it('takes the navigation type and the marks that happened', () => {
    expect(navigationEvent(entry({ type: 'back_forward' }), 500)).toEqual({
      type: 'page-load',
      navigationType: 'back_forward',
      marks: { fetchStart: 2, responseEnd: 30, loadEventEnd: 90 },
    });
  });

  it('recognises a prerendered page by its activation, kept as a mark', () => {
    const event = navigationEvent(entry({ activationStart: 400 }), 500);
    expect(event.navigationType).toBe('prerender');
    expect(event.marks.activationStart).toBe(400);
    expect(navigationEvent(entry({ activationStart: 0 }), 500).navigationType).toBe('navigate');
  });

  it('ends at the time given where the browser has no load end (or no entry at all)', () => {
    expect(navigationEvent(entry({ loadEventEnd: 0 }), 500).marks.loadEventEnd).toBe(500);
    expect(navigationEvent(undefined, 7)).toEqual({ type: 'page-load', navigationType: 'navigate', marks: { loadEventEnd: 7 } });
  });
});
