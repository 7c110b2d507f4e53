/**
 * The page must not notice, in Chromium and in Firefox: the wrapped fetch, XHR and history look
 * and act like the browser's own.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { useFlow } from './support/flow';

describe.each(BROWSERS)('page compatibility in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName);

  it('keeps fetch, XHR and history looking and acting native', async () => {
    const { site, extension } = flow;
    const page = await extension.newPage();
    await page.goto(`${site.origin}/plain/compat.html`);
    await page.waitForSelector('html[data-compat]');
    const results = JSON.parse(await page.evaluate(() => document.documentElement.dataset.compat!, null));
    expect(results).toEqual({
      fetchLooksNative: true,
      xhrLooksNative: true,
      historyLooksNative: true,
      illegalInvocation: true,
      urlArgument: true,
      requestWithBody: true,
      badUrlRejects: true,
      responseIsResponse: true,
    });
    // And it was traced: the wrappers are ours.
    await expect.poll(async () => (await extension.storedSpans()).some((s) => String(s.attributes['url.full']).endsWith('/api/xhr'))).toBe(true);
    await page.close();
  });
});
