import { describe, expect, it } from 'vitest';
import { DeliveredMarks } from '../src/export/delivered-marks';
import type { Position } from '../src/store/db';

/** A write that waits until released, recording what it was asked to write. */
function gatedWrites() {
  const writes: { upTo: Position; records: number }[] = [];
  const gates: (() => void)[] = [];
  const write = (upTo: Position, records: number) =>
    new Promise<void>((resolve) => {
      writes.push({ upTo, records });
      gates.push(resolve);
    });
  const release = async () => {
    gates.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { writes, write, release };
}

const at = (seq: number) => ({ seq, offset: 1 });

describe('DeliveredMarks', () => {
  it('writes one position at a time, the next straight to the latest handed in, with the records since', async () => {
    const { writes, write, release } = gatedWrites();
    const marks = new DeliveredMarks(write);
    marks.add(at(1), 10);
    marks.add(at(2), 10); // while the first write runs
    marks.add(at(3), 5);
    expect(writes).toEqual([{ upTo: at(1), records: 10 }]);
    await release();
    expect(writes).toEqual([
      { upTo: at(1), records: 10 },
      { upTo: at(3), records: 15 },
    ]);
    let settled = false;
    const done = marks.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false); // the last write has not finished
    await release();
    await done;
    expect(writes).toHaveLength(2);
  });

  it('writes nothing when nothing was handed in, and settles at once', async () => {
    const { writes, write } = gatedWrites();
    await new DeliveredMarks(write).settled();
    expect(writes).toEqual([]);
  });

  it('rethrows a failed write once, then writes again', async () => {
    const written: Position[] = [];
    let fail = true;
    const marks = new DeliveredMarks(async (upTo) => {
      if (fail) throw new Error('store closed');
      written.push(upTo);
    });
    marks.add(at(1), 1);
    await expect(marks.settled()).rejects.toThrow('store closed');
    fail = false;
    marks.add(at(2), 1);
    await marks.settled();
    expect(written).toEqual([at(2)]);
  });
});

/** How `marks.settled()` ends, or 'spinning' when it has not within 1000 microtask turns (a spin starves timers). */
async function settledOutcome(marks: DeliveredMarks): Promise<string> {
  const deadline = (async () => {
    for (let i = 0; i < 1000; i++) await null;
    return 'spinning';
  })();
  const outcome = await Promise.race([marks.settled().then(() => 'settled', (error: Error) => error.message), deadline]);
  // Stop a spinning settled() so the run of tests goes on.
  (marks as unknown as { writing: unknown }).writing = undefined;
  return outcome;
}

describe('DeliveredMarks after a failed write', () => {
  it('settles, rejecting, when its write throws before returning a promise', async () => {
    const marks = new DeliveredMarks(() => {
      throw new Error('store closed');
    });
    marks.add(at(1), 1);
    expect(await settledOutcome(marks)).toBe('store closed');
  });

  it('settles (rejecting) when a position was handed in after a write failed, instead of spinning', async () => {
    const marks = new DeliveredMarks(async () => {
      throw new Error('quota');
    });
    marks.add(at(1), 1);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the write has failed
    // The next answer was delivered too: handed in before the run settles.
    let thrown: unknown;
    try {
      marks.add(at(2), 1);
    } catch (error) {
      thrown = error;
    }
    const outcome = await settledOutcome(marks);
    expect(outcome).not.toBe('spinning');
    // The failure surfaces once, from add or from settled, and is not swallowed.
    expect([outcome, (thrown as Error | undefined)?.message]).toContain('quota');
  });
});
