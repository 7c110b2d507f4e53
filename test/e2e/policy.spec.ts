/**
 * Settings by browser policy, with real policy files, in Chromium and in Firefox: with no user
 * settings written, spans go to the managed endpoint with the managed header, the managed
 * redaction pattern and off-site apply, the options page shows them locked, and a user who
 * writes looser settings changes none of it. The policy file is removed after each test.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { launchExtension, openReadyPage, type LoadedExtension } from './support/extension';
import { OptionsPage, PopupPage } from './support/pages';
import { EXTENSION_IDS, installPolicy } from './support/policy';
import { startReceiver } from './support/receiver';
import { startTestSite } from './support/server';

const TICKET = 'ZX-48213';
const asText = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe.each(BROWSERS)('settings by browser policy in $browserName', ({ browserName }) => {
  it('exports to the managed endpoint, applies and locks the managed values, and a user cannot loosen them', async () => {
    const [site, receiver] = await Promise.all([startTestSite(), startReceiver()]);
    const offOrigin = site.origin.replace('127.0.0.1', 'localhost');
    const managed = {
      export: { endpoint: receiver.endpoint, intervalSeconds: 1, headers: { 'x-team': 'qa-east' } },
      capture: { offSites: ['localhost'] },
      redaction: { patterns: ['ZX-\\d+'] },
      // Out of bounds beside a good value: that one value is left out, in both browsers.
      sampling: { percent: 150, slowMs: 3000 },
    };
    const policy = await installPolicy(browserName, managed);
    let extension: LoadedExtension | undefined;
    try {
      extension = await launchExtension(browserName);
      if (browserName === 'chromium') expect(extension.chromium!.id).toBe(EXTENSION_IDS.chromium);

      const options = await OptionsPage.open(extension);
      const field = (name: string) =>
        options.page.evaluate((n) => {
          const el = document.querySelector<HTMLInputElement>(`[name="${n}"]`)!;
          return { value: el.value, disabled: el.disabled, label: el.closest('label')?.textContent ?? '' };
        }, name);
      await expect.poll(() => field('endpoint')).toMatchObject({ value: receiver.endpoint, disabled: true, label: expect.stringContaining('Set by your organization') });
      expect(await field('export.intervalSeconds')).toMatchObject({ value: '1', disabled: true });
      // Not set by the policy: the user's to change.
      expect(await field('export.batchSpans')).toMatchObject({ value: '512', disabled: false });
      expect(await field('sampling.percent')).toMatchObject({ value: '100', disabled: false });
      expect(await field('sampling.slowMs')).toMatchObject({ value: '3000', disabled: true });
      expect(await options.text('[data-testid="managed-offSites"]')).toBe('Set by your organization: localhost');
      expect(await options.text('[data-testid="managed-patterns"]')).toBe('Set by your organization: ZX-\\d+');
      expect(await options.text('[data-testid="managed-headers"]')).toBe('Set by your organization: x-team');
      expect(await options.text('[data-testid="policy-problems"]')).toMatch(/sampling\.percent: Page views kept whole \(%\): a whole number from 0 to 100/);
      await options.screenshot('options-managed');
      if (browserName === 'firefox') {
        // Firefox's data consent is the user's to give, whoever set the endpoint.
        await options.page.click('[data-testid="allow-export"]');
        await expect.poll(() => options.feedback()).toBe("Allowed: spans are sent to your organization's collector.");
      }

      const page = await openReadyPage(extension, `${site.origin}/plain/app.html?ticket=${TICKET}`);
      await receiver.waitFor((spans) => spans.some((s) => asText(s).includes('/plain/app.html?ticket=REDACTED')));
      expect(receiver.requests.filter((r) => r.outcome === 'ok').every((r) => r.headers['x-team'] === 'qa-east')).toBe(true);

      // The user writes looser settings: no endpoint, no off-sites, no patterns (and console errors on,
      // which is theirs to set, and shows when the background has applied the change).
      await extension.setSettings({ export: { endpoint: '' }, capture: { offSites: [], consoleErrors: true }, redaction: { patterns: [] } });
      await expect
        .poll(() => options.page.evaluate(async () => (await ((globalThis as { browser?: typeof chrome }).browser ?? chrome).storage.local.get('captureConfig')).captureConfig, null))
        .toMatchObject({ consoleErrors: true, offSites: ['localhost'] });
      // A compromised content script writing the content scripts' own config gets it put back.
      await options.page.evaluate(() => ((globalThis as { browser?: typeof chrome }).browser ?? chrome).storage.local.set({ captureConfig: { offSites: [] } }), null);
      await expect
        .poll(() => options.page.evaluate(async () => (await ((globalThis as { browser?: typeof chrome }).browser ?? chrome).storage.local.get('captureConfig')).captureConfig, null))
        .toMatchObject({ consoleErrors: true, offSites: ['localhost'] });
      const off = await openReadyPage(extension, `${offOrigin}/plain/app.html?off`);
      // The popup's site switch has nothing to offer on a site the organization turned off.
      const popup = await PopupPage.open(extension, await extension.tabIdOf(`${offOrigin}/plain/app.html?off`));
      await expect.poll(() => popup.siteState()).toBe('Capture is off on localhost: set by your organization.');
      expect(await popup.count('[data-testid="site-switch-button"]')).toBe(0);
      const after = await openReadyPage(extension, `${site.origin}/plain/app.html?after=${TICKET}`);
      await receiver.waitFor((spans) => spans.some((s) => asText(s).includes('/plain/app.html?after=REDACTED')));
      const stored = await extension.storedSpans();
      expect(stored.filter((s) => s.pageUrl.startsWith(offOrigin))).toEqual([]);
      expect(asText(stored)).not.toContain(TICKET);
      expect(asText(receiver.spans)).not.toContain(TICKET);

      // Saving the form keeps the policy's values out of the user's settings.
      await options.page.click('button[type="submit"]');
      await expect.poll(() => options.feedback()).toMatch(/^Saved\./);
      const user = await options.page.evaluate(async () => ((await ((globalThis as { browser?: typeof chrome }).browser ?? chrome).storage.local.get('settings')).settings), null);
      expect(user).toMatchObject({ export: { endpoint: '', intervalSeconds: 5, headers: {} }, capture: { offSites: [] }, redaction: { patterns: [] } });
      if (browserName === 'chromium') {
        // Chromium watches its policy folder: a changed policy applies without a restart (Firefox
        // reads policies.json at start only).
        await policy.update({ ...managed, export: { ...managed.export, intervalSeconds: 2 } });
        await expect.poll(() => field('export.intervalSeconds'), { timeout: 30_000 }).toMatchObject({ value: '2', disabled: true });
      }
      await Promise.all([page.close(), off.close(), after.close(), popup.page.close(), options.page.close()]);
    } finally {
      await extension?.close();
      await policy.remove();
      await Promise.all([site.close(), receiver.close()]);
    }
  });
});
