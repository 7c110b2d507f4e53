/// <reference types="chrome" />
/**
 * Bad input: an unreachable collector, an invalid endpoint and a page forging the private
 * channel. The popup says what is wrong, spans stay stored, and nothing crashes; once the
 * collector is reachable every stored span arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LoadedExtension } from './support/extension';
import { PopupPage } from './support/pages';
import { startReceiver, type OtlpReceiver } from './support/receiver';
import { startTestSite, type TestSite } from './support/server';

let site: TestSite;
let receiver: OtlpReceiver;
let extension: LoadedExtension;

beforeAll(async () => {
  [site, receiver, extension] = await Promise.all([startTestSite(), startReceiver(), launchExtension()]);
});
afterAll(async () => {
  await extension?.close();
  await Promise.all([site?.close(), receiver?.close()]);
});

const storedStatus = () =>
  extension.worker.evaluate(async () => (await chrome.storage.local.get('status')).status as { dropped: number } | undefined);

describe('export health', () => {
  it('shows an unreachable collector and an invalid endpoint, keeps the spans, then delivers them', async () => {
    await extension.setSettings({ export: { endpoint: 'http://127.0.0.1:1/v1/traces' } });
    const url = `${site.origin}/plain/app.html`;
    const page = await extension.context.newPage();
    await page.goto(url);
    await page.locator('html[data-ready="1"]').waitFor();
    await expect.poll(async () => (await extension.storedSpans()).length).toBeGreaterThanOrEqual(8);

    const popup = await PopupPage.open(extension, await extension.tabIdOf(url));
    await expect.poll(() => popup.page.getByTestId('export-error').textContent()).toMatch(/collector unreachable at http:\/\/127\.0\.0\.1:1\/v1\/traces/);
    expect(await popup.rows.count()).toBe((await extension.storedSpans()).length);
    await popup.screenshot('popup-unreachable');

    await extension.setSettings({ export: { endpoint: 'collector:4318' } });
    await expect.poll(() => popup.page.getByTestId('export-error').textContent()).toMatch(/invalid endpoint "collector:4318"/);
    expect((await extension.storedSpans()).every((s) => s.exported === 0)).toBe(true);

    await extension.setSettings({ export: { endpoint: receiver.endpoint, protocol: 'http/json' } });
    const stored = await extension.storedSpans();
    await receiver.waitFor((spans) => stored.every((s) => spans.some((r) => r.spanId === s.spanId)));
    expect(receiver.requests.every((r) => r.contentType === 'application/json')).toBe(true);
    await expect.poll(() => popup.exportStatus.textContent()).toMatch(/: ok · 0 pending/);
    await Promise.all([page.close(), popup.page.close()]);
  });

  it('ignores a page that forges the private channel, and counts it', async () => {
    const droppedBefore = (await storedStatus())?.dropped ?? 0;
    const page = await extension.context.newPage();
    await page.goto(`${site.origin}/plain/forge.html`);
    await page.locator('html[data-ready="1"]').waitFor();
    await expect.poll(async () => (await storedStatus())?.dropped ?? 0).toBeGreaterThan(droppedBefore);
    // The page's own load is still traced; the forged request is not.
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl.endsWith('/forge.html'))).toBe(true);
    const stored = JSON.stringify(await extension.storedSpans());
    expect(stored).not.toContain('forged.example');
    await page.close();
  });
});
