/** Whether Chromium reports requests in this run: noted when the extension is loaded, not when granted. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { networkAccessLive, noteNetworkAccessAtLoad, noteNetworkAccessRemoved } from '../src/network-access';

let held = false;
beforeEach(() => {
  fakeBrowser.reset();
  held = false;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => held);
});
/** The browser unloads the extension (a restart, turning it off and on): its session storage goes. */
const unload = () => fakeBrowser.storage.session.clear();

describe('network access in effect (Chromium)', () => {
  it('is in effect only once the extension is loaded holding it', async () => {
    await noteNetworkAccessAtLoad();
    held = true; // ticked in the options page
    expect(await networkAccessLive()).toBe(false);
    // The service worker restarting is no load: Chromium still reports nothing.
    await noteNetworkAccessAtLoad();
    expect(await networkAccessLive()).toBe(false);
    await unload();
    await noteNetworkAccessAtLoad();
    expect(await networkAccessLive()).toBe(true);
    // Later starts of the worker keep it.
    await noteNetworkAccessAtLoad();
    expect(await networkAccessLive()).toBe(true);
  });
  it('waits for the next load again once given back and granted anew', async () => {
    held = true;
    await noteNetworkAccessAtLoad();
    expect(await networkAccessLive()).toBe(true);
    held = false;
    await noteNetworkAccessRemoved();
    expect(await networkAccessLive()).toBe(false);
    held = true;
    await noteNetworkAccessAtLoad();
    expect(await networkAccessLive()).toBe(false);
  });
});
