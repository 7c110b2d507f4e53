/** The options page's network access box shows what the extension holds, whatever the browser answered. */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';

const access = vi.hoisted(() => ({ held: false, asked: 0 }));
vi.mock('../src/network-access', () => ({
  networkAccessOptional: () => true,
  hasNetworkAccess: () => Promise.resolve(access.held),
  networkAccessLive: () => Promise.resolve(access.held),
  // Refused (a policy blocks it, or the user closes the prompt): nothing is granted, no onAdded.
  askNetworkAccess: () => (access.asked++, Promise.resolve(false)),
  dropNetworkAccess: () => Promise.resolve(true),
}));

vi.mock('wxt/browser', () => {
  const event = () => ({ addListener: () => undefined, removeListener: () => undefined });
  return { browser: { permissions: { onAdded: event(), onRemoved: event() } } };
});

const { NetworkAccess } = await import('../components/NetworkAccess');
const { document } = parseHTML('<!doctype html><html><body></body></html>');
(globalThis as { document?: unknown }).document ??= document;
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

describe('network access box', () => {
  it('is unticked again when the browser refuses the permission', async () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    await act(() => render(h(NetworkAccess, {}), root));
    await settle();
    const box = root.querySelector('input[name="networkAccess"]') as unknown as HTMLInputElement;
    // linkedom keeps a box's state as its attribute only: the property, as a browser has it.
    Object.defineProperty(box, 'checked', { get: () => box.hasAttribute('checked'), set: (on: boolean) => (on ? box.setAttribute('checked', '') : box.removeAttribute('checked')) });
    expect(box.checked).toBe(false);
    await act(() => {
      box.checked = true; // the user's click
      box.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('change'));
    });
    await settle();
    expect(access.asked).toBe(1);
    expect(box.checked).toBe(false);
    root.remove();
  });
});
