/** What most e2e flows need, set up around a describe block: the test site, a receiver, the extension. */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { launchExtension, type BrowserName, type LoadedExtension } from './extension';
import { launchAllowed } from './network-access';
import { OptionsPage } from './pages';
import { startReceiver, type OtlpReceiver } from './receiver';
import { startTestSite, type TestSite } from './server';

export interface Flow {
  site: TestSite;
  receiver: OtlpReceiver;
  extension: LoadedExtension;
}

/**
 * Starts the site, the receiver and `browserName` with the extension before the block's tests,
 * and stops them after. With `exportTo`, the receiver's endpoint is saved through the options
 * page first (`prepare` may fill in more of the form), as a user would. With `networkAccess`,
 * Chromium is given the browser's view of the network first (support/network-access.ts).
 */
export function useFlow(browserName: BrowserName, exportTo?: { prepare?: (options: OptionsPage) => Promise<void> }, launch: { networkAccess?: boolean } = {}): Flow {
  const flow = {} as Flow;
  let profile: string | undefined;
  const start = async () => {
    if (!launch.networkAccess || browserName !== 'chromium') return launchExtension(browserName);
    const allowed = await launchAllowed((p) => launchExtension('chromium', { profile: p }), (extension) => extension.openPage('options.html'));
    profile = allowed.profile;
    return allowed.browser;
  };
  beforeAll(async () => {
    [flow.site, flow.receiver, flow.extension] = await Promise.all([startTestSite(), startReceiver(), start()]);
    if (!exportTo) return;
    const options = await OptionsPage.open(flow.extension);
    await exportTo.prepare?.(options);
    await options.save({ endpoint: flow.receiver.endpoint });
    await vi.waitFor(async () => expect(await options.feedback()).toBe('Saved. Spans are sent to this endpoint.'));
    await options.screenshot('options-saved');
    await options.page.close();
  });
  afterAll(async () => {
    await flow.extension?.close();
    await Promise.all([flow.site?.close(), flow.receiver?.close()]);
    if (profile) await rm(profile, { recursive: true, force: true });
  });
  return flow;
}
