/** The options page's box for the browser's view of the network (Chromium's optional webRequest). */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ held: false, live: false, optional: true, refuse: false, calls: [] as string[], inHandler: false }));
vi.mock('../src/network-access', () => ({
  networkAccessOptional: () => state.optional,
  hasNetworkAccess: () => Promise.resolve(state.held),
  networkAccessLive: () => Promise.resolve(state.held && state.live),
  askNetworkAccess: () => {
    // Asked in the click's own dispatch, or the browser refuses.
    state.calls.push(state.inHandler ? 'ask in handler' : 'ask later');
    // Refused (a policy blocks it, or the prompt is closed): nothing granted, no onAdded.
    if (state.refuse) return Promise.resolve(false);
    state.held = true;
    return Promise.resolve(true);
  },
  dropNetworkAccess: () => {
    state.calls.push(state.inHandler ? 'drop in handler' : 'drop later');
    state.held = false;
    return Promise.resolve(true);
  },
}));
const listeners = vi.hoisted(() => ({ added: [] as (() => void)[], removed: [] as (() => void)[] }));
vi.mock('wxt/browser', () => ({
  browser: {
    permissions: {
      onAdded: { addListener: (l: () => void) => listeners.added.push(l), removeListener: () => undefined },
      onRemoved: { addListener: (l: () => void) => listeners.removed.push(l), removeListener: () => undefined },
    },
  },
}));

const { NetworkAccess } = await import('../components/NetworkAccess');
const { document } = parseHTML('<!doctype html><html><body></body></html>');
(globalThis as { document?: unknown }).document ??= document;
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

async function shown() {
  const root = document.createElement('div');
  document.body.appendChild(root);
  await act(() => render(h(NetworkAccess, {}), root));
  await settle();
  const box = () => root.querySelector('input[name="networkAccess"]') as unknown as HTMLInputElement | null;
  // linkedom keeps `checked` as an attribute until a property is set (as a click does).
  const ticked = () => box()!.checked ?? box()!.hasAttribute('checked');
  const restart = () => root.querySelector('[data-testid="network-access-restart"]');
  const click = async (granted = true) => {
    const input = box()!;
    input.checked = !ticked();
    state.inHandler = true;
    input.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('change'));
    state.inHandler = false;
    // The browser tells every page of a grant or a removal.
    if (granted) for (const l of [...listeners.added, ...listeners.removed]) l();
    await settle();
  };
  return { root, box, ticked, restart, click };
}

beforeEach(() => {
  Object.assign(state, { held: false, live: false, optional: true, refuse: false, calls: [] });
  listeners.added.length = listeners.removed.length = 0;
});

describe('the network box in the options page', () => {
  it('asks for the permission within the click, says it starts with the next browser start, and gives it back', async () => {
    const view = await shown();
    expect([view.ticked(), view.box()!.disabled, view.restart()]).toEqual([false, false, null]);
    await view.click();
    expect(state.calls).toEqual(['ask in handler']);
    expect(view.ticked()).toBe(true);
    expect(view.restart()?.textContent).toContain('next time it starts');
    await view.click();
    expect(state.calls).toEqual(['ask in handler', 'drop in handler']);
    expect([view.ticked(), view.restart()]).toEqual([false, null]);
  });
  it('is unticked again when the browser refuses the permission', async () => {
    state.refuse = true;
    const view = await shown();
    await view.click(false);
    expect(state.calls).toEqual(['ask in handler']);
    expect([view.ticked(), view.restart()]).toEqual([false, null]);
  });
  it('says nothing of a restart once the browser reports requests', async () => {
    Object.assign(state, { held: true, live: true });
    const view = await shown();
    expect([view.ticked(), view.restart()]).toEqual([true, null]);
  });
  it('offers no box where the manifest holds the permission (Firefox)', async () => {
    state.optional = false;
    const view = await shown();
    expect(view.box()).toBeNull();
    expect(view.root.textContent).toContain('as Firefox reports them');
  });
});
