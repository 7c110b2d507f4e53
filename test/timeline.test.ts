import { describe, expect, it } from 'vitest';
import { observeTimeline } from '../src/observe/timeline';

// Node has the same PerformanceObserver, with User Timing: enough to test the helper for real.
const names = (entries: PerformanceEntry[]) => entries.map((e) => e.name);

/** Resolves once another observer has been handed a measure named `name`: every observer is, in the same task. */
const delivered = (name: string) =>
  new Promise<void>((resolve) => {
    const witness = new PerformanceObserver((list) => {
      if (!list.getEntries().some((e) => e.name === name)) return;
      witness.disconnect();
      resolve();
    });
    witness.observe({ type: 'measure' });
  });

describe('observeTimeline', () => {
  it('observes the first type the platform supports, and nothing where it supports none', () => {
    const signal = new AbortController().signal;
    expect(observeTimeline(['no-such-type', 'measure'], () => undefined, signal)?.type).toBe('measure');
    expect(observeTimeline(['no-such-type'], () => undefined, signal)).toBeUndefined();
  });

  it('hands on what came before it (buffered), and at once what is still waiting when asked', async () => {
    performance.clearMeasures();
    performance.measure('before');
    const seen: string[] = [];
    const controller = new AbortController();
    const timeline = observeTimeline<PerformanceEntry>(['measure'], (entries) => seen.push(...names(entries)), controller.signal)!;
    const witnessed = delivered('after');
    performance.measure('after');
    timeline.takeRecords();
    expect(seen).toEqual(['before', 'after']);
    // Taken once: the observer's own callback does not hand them on again.
    await witnessed;
    expect(seen).toEqual(['before', 'after']);
    controller.abort();
  });

  it('stops when its signal aborts', async () => {
    const seen: string[] = [];
    const controller = new AbortController();
    observeTimeline<PerformanceEntry>(['measure'], (entries) => seen.push(...names(entries)), controller.signal);
    const first = delivered('sooner');
    performance.measure('sooner');
    await first;
    expect(seen).toContain('sooner');
    controller.abort();
    const second = delivered('later');
    performance.measure('later');
    await second;
    expect(seen).not.toContain('later');
  });
});
