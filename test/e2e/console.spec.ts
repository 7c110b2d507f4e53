/**
 * console.error capture, in Chromium and in Firefox, with the setting on (it is off by default:
 * capture.spec.ts checks nothing is recorded then). The call still behaves as the browser's own.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';

describe.each(BROWSERS)('console.error in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName, {
    prepare: async (options) => {
      await options.setInterval(1);
      await options.page.click('input[name="consoleErrors"]');
    },
  });

  it('records console.error as an exception span when the setting is on', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/console.html`;
    const page = await openReadyPage(extension, url);
    await page.click('#pay');
    await page.waitForSelector('html[data-checked]');
    expect(await page.evaluate(() => document.documentElement.dataset.checked, null)).toBe('native');

    const isConsole = (s: (typeof receiver.spans)[number]) => s.attributes['spanlight.error.kind'] === 'console';
    await receiver.waitFor((spans) => spans.some(isConsole));
    const logged = receiver.spans.find(isConsole)!;
    expect(logged).toMatchObject({ name: 'exception', status: { code: 2 } });
    expect(logged.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'Payment failed: TypeError: card declined [object Object]',
    });
    expect(String(logged.attributes['exception.stacktrace'])).toContain('console.js');
    await page.close();
  });
});
