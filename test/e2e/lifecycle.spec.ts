/**
 * Lifecycle, in Chromium and in Firefox: a tab closed within moments of the user's click loses
 * nothing that was captured. The click that had not finished its span, the User Timing measure still in
 * the observer's buffer, and the Web Vitals reported as the page is hidden all cross from the
 * page to the bridge synchronously as the page goes away, and reach the collector. The tab is
 * closed at the page's first idle moment after the click, by which web-vitals has reported LCP
 * (final at the first input); closed before it, Firefox may lose LCP (README, Delivery: nothing
 * lost).
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';

describe.each(BROWSERS)('closing a tab in $browserName', ({ browserName, vitals }) => {
  const flow = useFlow(browserName, { prepare: (options) => options.setInterval(1) });

  it('delivers what the page captured just before it closed', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/lifecycle.html`;
    const page = await openReadyPage(extension, url);
    await page.click('#save');
    await page.waitForSelector('html[data-idle="1"]');
    await page.close();

    // INP needs an interaction of 40 ms or more; this click is quick.
    const expected = ['click', 'save', ...vitals.filter((name) => name !== 'INP')];
    const trace = (spans: typeof receiver.spans) => {
      const root = spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
      return root ? spans.filter((s) => s.traceId === root.traceId) : [];
    };
    await receiver.waitFor((spans) => expected.every((name) => trace(spans).some((s) => s.name === name)));
    const click = trace(receiver.spans).find((s) => s.name === 'click')!;
    expect(click.attributes['ui.target']).toBe('button#save');
    // Each vital once per page view.
    for (const name of vitals) expect(new Set(trace(receiver.spans).filter((s) => s.name === name).map((s) => s.spanId)).size).toBeLessThanOrEqual(1);
  });
});
