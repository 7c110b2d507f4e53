/** onNextTask (src/bridge/next-task.ts): the bridge's start, on a task of its own that no timer holds. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onNextTask } from '../src/bridge/next-task';

const realSetImmediate = globalThis.setImmediate;
/** Lets the event loop turn `n` times, on the real timers. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => realSetImmediate(resolve));
};

afterEach(() => {
  vi.useRealTimers();
});

describe('the next task', () => {
  it('runs after this task, not within it, and with every timer held (Firefox holds them while a page loads)', async () => {
    vi.useFakeTimers();
    const order: string[] = [];
    onNextTask(() => order.push('next task'));
    await Promise.resolve();
    order.push('this task');
    // Timers faked and never advanced: only a message task can run it.
    await turns(20);
    expect(order).toEqual(['this task', 'next task']);
  });
});
