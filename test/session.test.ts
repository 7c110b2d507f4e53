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
    const id = await new Sessions().touch(30 * MIN, 1_000_000);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await new Sessions().touch(30 * MIN, 1_000_000 + MIN)).toBe(id);
    await fakeBrowser.storage.session.clear();
    expect(await new Sessions().touch(30 * MIN, 1_000_000 + 2 * MIN)).not.toBe(id);
  });
});
