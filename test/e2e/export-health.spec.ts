/**
 * Bad input, in Chromium and in Firefox: an unreachable collector, an invalid endpoint (refused
 * by the options page; shown by the popup when stored anyway) and a page forging the private
 * channel. Spans stay stored and nothing crashes; once the collector answers, every span arrives.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';
import { OptionsPage, PopupPage } from './support/pages';

describe.each(BROWSERS)('export health in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName);

  it('shows an unreachable collector and an invalid endpoint, keeps the spans, then delivers them', async () => {
    const { site, receiver, extension } = flow;
    const options = await OptionsPage.open(extension);
    await options.save({ endpoint: 'http://127.0.0.1:1/v1/traces' });
    await expect.poll(() => options.feedback()).toBe('Saved. Spans are sent to this endpoint.');

    const url = `${site.origin}/plain/app.html`;
    const page = await openReadyPage(extension, url);
    await expect.poll(async () => (await extension.storedSpans()).length).toBeGreaterThanOrEqual(8);

    const popup = await PopupPage.open(extension, await extension.tabIdOf(url));
    await expect.poll(() => popup.exportError()).toMatch(/collector unreachable at http:\/\/127\.0\.0\.1:1\/v1\/traces/);
    expect(await popup.rowCount()).toBe((await extension.storedSpans()).length);
    await popup.screenshot('popup-unreachable');

    // The options page refuses an invalid endpoint and says why.
    await options.save({ endpoint: 'collector:4318' });
    await expect.poll(() => options.feedback()).toBe('invalid endpoint "collector:4318": must be http or https');
    // The field is marked, described by the message, and has the focus.
    expect(
      await options.page.evaluate(() => {
        const field = document.querySelector('input[name="endpoint"]')!;
        return [field.getAttribute('aria-invalid'), field.getAttribute('aria-describedby'), document.activeElement === field];
      }, null),
    ).toEqual(['true', 'options-feedback', true]);
    await options.screenshot('options-invalid');
    // One stored by other means is shown in the popup, and nothing is sent or lost.
    await extension.setSettings({ export: { endpoint: 'collector:4318' } });
    await expect.poll(() => popup.exportError()).toMatch(/invalid endpoint "collector:4318"/);
    expect((await extension.storedSpans()).every((s) => !s.exported)).toBe(true);

    await extension.setSettings({ export: { endpoint: receiver.endpoint, protocol: 'http/json' } });
    const stored = await extension.storedSpans();
    await receiver.waitFor((spans) => stored.every((s) => spans.some((r) => r.spanId === s.spanId)));
    expect(receiver.requests.every((r) => r.contentType === 'application/json')).toBe(true);
    await expect.poll(() => popup.exportStatus()).toMatch(/: ok · 0 pending/);
    await Promise.all([page.close(), popup.page.close(), options.page.close()]);
  });

  it('tests the connection from the options page with an empty, valid request', async () => {
    const { receiver, extension } = flow;
    const options = await OptionsPage.open(extension);
    const before = receiver.requests.length;
    await options.page.type('input[name="endpoint"]', receiver.endpoint);
    await options.testConnection();
    await expect.poll(() => options.feedback()).toMatch(/^Test: the collector accepted an empty export request \(HTTP 200, \d+ ms\)$/);
    expect(receiver.requests.slice(before)).toMatchObject([{ spanIds: [], outcome: 'ok' }]);
    receiver.faults.push({ status: 401 });
    await options.testConnection();
    await expect.poll(() => options.feedback()).toBe('Test: collector answered HTTP 401: scripted failure');
    await options.page.close();
  });

  it('parks a batch the collector refuses, shows why, and sends it again on Retry', async () => {
    const { site, receiver, extension } = flow;
    await extension.setSettings({ export: { endpoint: receiver.endpoint, intervalSeconds: 1 } });
    receiver.faults.push({ status: 400 });
    const url = `${site.origin}/plain/app.html?parked`;
    const page = await openReadyPage(extension, url);
    const popup = await PopupPage.open(extension, await extension.tabIdOf(url));
    await expect.poll(() => popup.parked()).toMatch(/^\d+ spans refused by the collector\./);
    await expect.poll(() => popup.exportError()).toBe('collector answered HTTP 400: scripted failure');
    await popup.screenshot('popup-parked');
    const refused = receiver.requests.find((r) => r.outcome === 'refused')!;
    await popup.retryParked();
    await receiver.waitFor((spans) => refused.spanIds.every((id) => spans.some((s) => s.spanId === id)));
    await expect.poll(() => popup.parked()).toBeNull();
    await Promise.all([page.close(), popup.page.close()]);
  });

  it('counts neither a redirect nor a 200 login page as delivery, and reads only the start of an endless answer', async () => {
    const { site, receiver, extension } = flow;
    await extension.setSettings({ export: { endpoint: receiver.endpoint, intervalSeconds: 1 } });
    const url = `${site.origin}/plain/app.html?hostile-collector`;
    const page = await openReadyPage(extension, url);
    const popup = await PopupPage.open(extension, await extension.tabIdOf(url));
    for (const [fault, reason] of [
      [{ redirect: true }, /a redirect.*does not follow redirects/],
      [{ html: true }, /HTTP 200 with text\/html, not OTLP/],
    ] as const) {
      const before = receiver.requests.length;
      receiver.faults.push(fault);
      await page.click('#buy'); // something new to send
      await expect.poll(() => popup.exportError(), { timeout: 20_000 }).toMatch(reason);
      await expect.poll(() => popup.parked()).toMatch(/^\d+ spans? refused by the collector\./);
      const refused = receiver.requests.slice(before).find((r) => r.outcome === 'refused')!;
      // Not marked delivered: Retry sends the same spans again, and this time they arrive.
      await popup.retryParked();
      await receiver.waitFor((spans) => refused.spanIds.every((id) => spans.some((s) => s.spanId === id)));
      await expect.poll(() => popup.parked()).toBeNull();
    }
    receiver.faults.push({ endless: true });
    const before = receiver.requests.length;
    await page.click('#buy');
    await expect.poll(() => receiver.requests.slice(before).some((r) => r.bodyBytesSent !== undefined), { timeout: 20_000 }).toBe(true);
    const endless = receiver.requests.slice(before).find((r) => r.bodyBytesSent !== undefined)!;
    // Delivered (a 2xx OTLP answer) without reading the body to its end.
    await expect.poll(async () => (await extension.storedSpans()).filter((s) => endless.spanIds.includes(s.spanId) && !s.exported).length).toBe(0);
    // Read to 64 KB and cancelled: the writes stop once the socket's buffers are full, far short of 256 MB.
    let last = -1;
    await expect
      .poll(() => {
        const now = endless.bodyBytesSent!;
        const still = now === last;
        last = now;
        return still;
      }, { interval: 500 })
      .toBe(true);
    expect(endless.bodyBytesSent).toBeLessThan(64 * 1024 * 1024);
    await Promise.all([page.close(), popup.page.close()]);
  });

  it('ignores a page that forges the private channel, and counts it', async () => {
    const { site, extension } = flow;
    const droppedBefore = (await extension.status())?.dropped.invalid ?? 0;
    const page = await openReadyPage(extension, `${site.origin}/plain/forge.html`);
    await expect.poll(async () => (await extension.status())?.dropped.invalid ?? 0).toBeGreaterThan(droppedBefore);
    // The page's own load is still traced; the forged request is not.
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl.endsWith('/forge.html'))).toBe(true);
    expect(JSON.stringify(await extension.storedSpans())).not.toContain('forged.example');
    await page.close();
  });
});
