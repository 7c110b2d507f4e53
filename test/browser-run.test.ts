import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ensureRunId, readRunId } from '../src/browser-run';

beforeEach(() => fakeBrowser.reset());

describe('browser run id', () => {
  it('is made once per run and read by the UI', async () => {
    expect(await readRunId()).toBeUndefined();
    const id = await ensureRunId();
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(await ensureRunId()).toBe(id);
    expect(await readRunId()).toBe(id);
  });

  it('changes when the browser restarts (session storage cleared)', async () => {
    const first = await ensureRunId();
    await fakeBrowser.storage.session.clear();
    expect(await ensureRunId()).not.toBe(first);
  });
});
