import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Sessions, nextSession } from '../src/background/session';

const MIN = 60_000;
let ids = 0;
const newId = () => `id${++ids}`;

beforeEach(() => fakeBrowser.reset());

describe('sessions', () => {
  it('keep their id while activity continues and renew it after the timeout', () => {
    const first = nextSession(undefined, 0, 30 * MIN, newId);
    const later = nextSession(first, 29 * MIN, 30 * MIN, newId);
    expect(later.id).toBe(first.id);
    const stillOn = nextSession(later, 58 * MIN, 30 * MIN, newId);
    expect(stillOn.id).toBe(first.id);
    expect(nextSession(stillOn, 89 * MIN, 30 * MIN, newId).id).not.toBe(first.id);
  });

  it('survive a worker restart, and end with the browser run', async () => {
    const first = await new Sessions().touch(30 * MIN, 1_000_000);
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    expect(first.started).toEqual({});
    expect(await new Sessions().touch(30 * MIN, 1_000_000 + MIN)).toEqual({ id: first.id });
    await fakeBrowser.storage.session.clear();
    const next = await new Sessions().touch(30 * MIN, 1_000_000 + 2 * MIN);
    expect(next.id).not.toBe(first.id);
    // The browser run that knew the previous session is gone: nothing to follow.
    expect(next.started).toEqual({});
  });

  it('say which activity began a session, and which session it follows after a timeout', async () => {
    const sessions = new Sessions();
    const first = await sessions.touch(30 * MIN, 1_000_000);
    expect((await sessions.touch(30 * MIN, 1_000_000 + 10 * MIN)).started).toBeUndefined();
    const next = await sessions.touch(30 * MIN, 1_000_000 + 41 * MIN);
    expect(next.id).not.toBe(first.id);
    expect(next.started).toEqual({ previousId: first.id, previousEndedAt: 1_000_000 + 40 * MIN });
    // Told once: the next activity is in it.
    expect((await sessions.touch(30 * MIN, 1_000_000 + 42 * MIN)).started).toBeUndefined();
  });
});
