import { describe, expect, it } from 'vitest';
import { vitalBreakdown } from '../src/viewer/vital-breakdown';

const A = 'spanlight.web_vital.attribution.';

describe('vital breakdown', () => {
  it('splits an LCP into TTFB, load delay, load duration and render delay, each its share from where the last ended', () => {
    const b = vitalBreakdown({ 'browser.web_vital.name': 'lcp', [`${A}timeToFirstByte`]: 200, [`${A}resourceLoadDelay`]: 100, [`${A}resourceLoadDuration`]: 500, [`${A}elementRenderDelay`]: 200 })!;
    expect(b.vital).toBe('LCP');
    expect(b.total).toBe(1000);
    expect(b.parts.map((p) => [p.label, p.ms, p.from, p.share])).toEqual([
      ['TTFB', 200, 0, 0.2],
      ['Load delay', 100, 0.2, 0.1],
      ['Load duration', 500, 0.30000000000000004, 0.5],
      ['Render delay', 200, 0.8, 0.2],
    ]);
  });

  it('splits an INP into input delay, processing and presentation; reads the names stored before', () => {
    const b = vitalBreakdown({ 'web_vital.name': 'INP', 'web_vital.attribution.inputDelay': 10, 'web_vital.attribution.processingDuration': 30, 'web_vital.attribution.presentationDelay': 60 })!;
    expect(b.parts.map((p) => [p.label, p.share])).toEqual([
      ['Input delay', 0.1],
      ['Processing', 0.3],
      ['Presentation', 0.6],
    ]);
  });

  it('counts a missing or malformed part as 0, and gives none without attribution or for another vital', () => {
    const b = vitalBreakdown({ 'browser.web_vital.name': 'inp', [`${A}inputDelay`]: 'x', [`${A}processingDuration`]: -1, [`${A}presentationDelay`]: 40 })!;
    expect(b.parts.map((p) => p.ms)).toEqual([0, 0, 40]);
    expect(vitalBreakdown({ 'browser.web_vital.name': 'lcp' })).toBeUndefined();
    expect(vitalBreakdown({ 'browser.web_vital.name': 'cls', [`${A}inputDelay`]: 3 })).toBeUndefined();
    expect(vitalBreakdown({ [`${A}inputDelay`]: 3 })).toBeUndefined();
  });

  it('gives every part a share of 0 when they sum to 0', () => {
    const b = vitalBreakdown({ 'browser.web_vital.name': 'lcp', [`${A}timeToFirstByte`]: 0 })!;
    expect(b.parts.every((p) => p.share === 0)).toBe(true);
  });
});
