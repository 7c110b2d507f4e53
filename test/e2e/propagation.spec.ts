/**
 * Trace propagation, in Chromium and in Firefox: with "same origin" allowed, the page's own
 * requests carry a W3C traceparent whose ids are those of the exported page trace and request
 * span; a traceparent the page set itself is kept, and so is its tracestate; requests to other
 * origins are left unchanged.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';
import { PopupPage } from './support/pages';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe.each(BROWSERS)('trace propagation in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName, {
    prepare: async (options) => {
      await options.setInterval(1);
      await options.page.click('input[name="sameOrigin"]');
    },
  });

  it('sends traceparent only where allowed, with the ids of the exported spans', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/propagation.html`;
    const page = await openReadyPage(extension, url);
    await page.click('#go');
    await page.waitForSelector('html[data-done="1"]');

    const seen = (via: string) => site.traced.filter((r) => r.query === `?via=${via}`);
    for (const via of ['fetch', 'xhr', 'request']) expect(seen(via)).toMatchObject([{ method: 'GET', traceparent: expect.stringMatching(TRACEPARENT) }]);
    expect(seen('request')[0]!.page).toBe('kept');
    // A tracestate the page set goes on as it was, beside the traceparent added.
    expect(seen('xhr')[0]!.tracestate).toBe('page=xhr');
    expect(seen('request')[0]!.tracestate).toBe('page=request');
    expect(seen('own')[0]!.traceparent).toBe('00-11111111111111111111111111111111-2222222222222222-01');
    expect(seen('cross')).toEqual([{ method: 'GET', query: '?via=cross' }]);
    expect(site.traced.some((r) => r.method === 'OPTIONS')).toBe(false);

    // The backend's parent is the very span Spanlight exports for the request, in the page's trace.
    const done = (spans: typeof receiver.spans) => {
      const root = spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
      const requests = ['fetch', 'xhr', 'request'].every((via) => spans.some((s) => String(s.attributes['url.full']).endsWith(`via=${via}`)));
      return root && requests && spans.some((s) => s.traceId === root.traceId && s.name === 'click');
    };
    await receiver.waitFor((spans) => !!done(spans));
    const root = receiver.spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)!;
    for (const via of ['fetch', 'xhr', 'request']) {
      const [, traceId, spanId] = TRACEPARENT.exec(seen(via)[0]!.traceparent!)!;
      const span = receiver.spans.find((s) => String(s.attributes['url.full']).endsWith(`via=${via}`))!;
      expect({ traceId, spanId }).toEqual({ traceId: root.traceId, spanId: span.spanId });
      // The first request starts in the click handler itself: the click's child. The others
      // start after an await, when the handler has returned: the page view's.
      const click = receiver.spans.find((s) => s.traceId === root.traceId && s.name === 'click')!;
      expect(span.parentSpanId).toBe(via === 'fetch' ? click.spanId : root.spanId);
    }
    expect(receiver.spans.find((s) => s.traceId === root.traceId && s.name === 'click')!.parentSpanId).toBe(root.spanId);
    await page.close();
  });

  it('captures nothing on a site turned off from the popup, and leaves its requests unchanged', async () => {
    const { site, extension } = flow;
    const other = site.origin.replace('127.0.0.1', 'localhost');
    const first = await openReadyPage(extension, `${other}/plain/propagation.html?before`);
    const popup = await PopupPage.open(extension, await extension.tabIdOf(`${other}/plain/propagation.html?before`));
    await expect.poll(() => popup.siteState()).toBe('Capturing localhost.');
    await popup.toggleSite();
    await expect.poll(() => popup.siteState()).toBe('Capture is off on localhost.');
    await first.close();

    const off = await openReadyPage(extension, `${other}/plain/propagation.html?off`);
    await off.click('#go');
    await off.waitForSelector('html[data-done="1"]');
    await off.close();
    // Same origin is allowed, yet the page side has undone its hooks: no header was added.
    expect(site.traced.filter((r) => r.query === '?via=fetch&off')).toEqual([{ method: 'GET', query: '?via=fetch&off' }]);
    // Another site is still traced; by the time its spans are stored, the closed page's would be.
    const control = await openReadyPage(extension, `${site.origin}/plain/propagation.html?control`);
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl.endsWith('?control'))).toBe(true);
    await control.close();
    const stored = await extension.storedSpans();
    expect(stored.some((s) => s.pageUrl.endsWith('?before'))).toBe(true);
    expect(stored.filter((s) => s.pageUrl.endsWith('?off'))).toEqual([]);

    // Back on: the next load is traced again.
    await popup.toggleSite();
    await expect.poll(() => popup.siteState()).toBe('Capturing localhost.');
    const again = await openReadyPage(extension, `${other}/plain/propagation.html?again`);
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl.endsWith('?again'))).toBe(true);
    await Promise.all([again.close(), popup.page.close()]);
  });
});

describe.each(BROWSERS)('sampling in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName, {
    prepare: async (options) => {
      await options.setInterval(1);
      await options.setNumber('sampling.percent', 0);
      await options.setNumber('sampling.slowMs', 0);
      await options.page.click('input[name="sameOrigin"]');
    },
  });

  it('leaves out the spans of a page view not sampled, but for its root, and says so in traceparent', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/propagation.html`;
    const page = await openReadyPage(extension, url);
    await page.click('#go');
    await page.waitForSelector('html[data-done="1"]');
    expect(site.traced.find((r) => r.query === '?via=fetch')?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);

    // The fetch, XHR and Request spans and the navigation phases are counted as sampled out...
    await expect.poll(async () => (await extension.status())?.sampledOut ?? 0).toBeGreaterThanOrEqual(7);
    const popup = await PopupPage.open(extension, await extension.tabIdOf(url));
    await expect.poll(() => popup.sampledOut()).toMatch(/^Left out by sampling: \d+ spans$/);
    // ...and never reach the collector, while the page view's root and errors (the refused cross-origin request) do.
    await receiver.waitFor((spans) => spans.some((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url));
    const requests = receiver.spans.filter((s) => String(s.attributes['url.full']).includes('via='));
    expect(requests.map((s) => [String(s.attributes['url.full']).split('?')[1], s.status.code])).toEqual([['via=cross', 2]]);
    expect(receiver.spans.filter((s) => s.name.startsWith('navigation.'))).toEqual([]);
    await popup.page.close();
    await page.close();
  });
});
