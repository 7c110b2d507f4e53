/// <reference types="chrome" />
/**
 * Chromium with the browser's view of the network allowed as a user allows it: the options page's
 * box ticked (Chromium grants webRequest without a prompt: it carries no warning), then the
 * browser restarted on the same profile, since Chromium starts reporting requests to an extension
 * only when it loads it (src/network-access.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import type { TabPage } from './extension';

/** Ticks the options page's network box and waits until the browser holds the permission. */
export async function tickNetworkAccess(options: TabPage): Promise<void> {
  await options.waitForSelector('input[name="networkAccess"]:not([disabled])');
  await options.click('input[name="networkAccess"]');
  await vi.waitFor(async () => expect(await options.evaluate(() => chrome.permissions.contains({ permissions: ['webRequest'] }), null)).toBe(true), { timeout: 10_000 });
  // Until the restart, the page says it is not in effect yet.
  await options.waitForSelector('[data-testid="network-access-restart"]');
}

/**
 * Launches with a fresh profile, ticks the box through `optionsOf` and closes; then launches again
 * on that profile. The caller deletes `profile` (given back) when done.
 */
export async function launchAllowed<B extends { close(): Promise<void> }>(
  launch: (profile: string) => Promise<B>,
  optionsOf: (browser: B) => Promise<TabPage>,
): Promise<{ browser: B; profile: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'spanlight-network-'));
  const first = await launch(profile);
  await tickNetworkAccess(await optionsOf(first));
  await first.close();
  return { browser: await launch(profile), profile };
}
