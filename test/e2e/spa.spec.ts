/**
 * SPA route changes, in Chromium and in Firefox: pushState and the back button each start a new
 * page view, whose root is a routeChange span; the requests made for a view belong to its trace.
 * A page restored from the back/forward cache starts one too, whose root is bfcacheRestore.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../support/otlp';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';

describe.each(BROWSERS)('SPA route changes in $browserName', ({ browserName, bfcache }) => {
  const flow = useFlow(browserName, { prepare: (options) => options.setInterval(1) });

  it('starts a page view per route, and groups the requests of each view under it', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/spa.html`;
    const page = await openReadyPage(extension, url);
    await page.click('#next');
    await page.waitForSelector('html[data-view="2"]');
    await page.click('#back');
    await page.waitForSelector('html[data-view="back"]');

    const request = (spans: ReceivedSpan[], after: string) => spans.find((s) => String(s.attributes['url.full']).endsWith(`after=${after}`));
    await receiver.waitFor(
      (spans) => ['push', 'push-slow', 'pop'].every((after) => !!request(spans, after)) && spans.filter((s) => s.name === 'routeChange').length >= 2,
    );
    const spans = receiver.spans;
    const load = spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)!;
    const pushed = spans.find((s) => s.name === 'routeChange' && s.attributes['spanlight.route.trigger'] === 'pushState')!;
    const popped = spans.find((s) => s.name === 'routeChange' && s.attributes['spanlight.route.trigger'] === 'popstate')!;

    expect(pushed.attributes['url.full']).toBe(`${url}?view=2`);
    expect(popped.attributes['url.full']).toBe(url);
    expect(new Set([load.traceId, pushed.traceId, popped.traceId]).size).toBe(3);
    for (const root of [pushed, popped]) {
      expect(root.parentSpanId).toBe('');
      expect(root.startTimeUnixNano).toBeGreaterThan(load.startTimeUnixNano);
    }
    expect(request(spans, 'push')).toMatchObject({ traceId: pushed.traceId, parentSpanId: pushed.spanId });
    const slow = request(spans, 'push-slow')!;
    expect(slow).toMatchObject({ traceId: pushed.traceId, parentSpanId: pushed.spanId });
    expect(slow.endTimeUnixNano).toBeGreaterThan(popped.startTimeUnixNano); // it outlived the route change
    expect(request(spans, 'pop')).toMatchObject({ traceId: popped.traceId, parentSpanId: popped.spanId });
    await page.close();
  });

  if (bfcache) it('starts a page view when the back button brings a page back from the back/forward cache', async () => {
    const { site, receiver, extension } = flow;
    const first = `${site.origin}/plain/frame.html?bfcache`;
    const loaded = (url: string) => (spans: ReceivedSpan[]) => spans.some((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
    const page = await extension.newPage();
    await page.goto(first);
    await receiver.waitFor(loaded(first));
    await page.goto(`${site.origin}/plain/frame.html?next`);
    await receiver.waitFor(loaded(`${site.origin}/plain/frame.html?next`));
    await page.evaluate(() => history.back(), null);
    const restored = (spans: ReceivedSpan[]) => spans.find((s) => s.name === 'bfcacheRestore' && s.attributes['url.full'] === first);
    await receiver.waitFor((spans) => !!restored(spans));
    const load = receiver.spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === first)!;
    // A page view of its own: a new trace, whose root says how it began.
    expect(restored(receiver.spans)).toMatchObject({ parentSpanId: '', attributes: { 'spanlight.route.trigger': 'bfcache' } });
    expect(restored(receiver.spans)!.traceId).not.toBe(load.traceId);
    await page.close();
  });
});
