/**
 * A page's workers and the requests its own fetch and XHR never make, in Chromium and in
 * Firefox, with Spanlight installed: a dedicated, a module and a shared worker fetch, the
 * dedicated one's uncaught error reaches the page's Worker object, the page's service worker
 * takes control and fetches, a beacon goes, an EventSource gets its event and a WebSocket its
 * echo, all as without Spanlight; and the page view is traced.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { useFlow } from './support/flow';

describe.each(BROWSERS)('workers and other requests in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName);

  it('leaves every worker, beacon, event stream and socket of the page working', async () => {
    const { site, extension } = flow;
    const page = await extension.newPage();
    const url = `${site.origin}/plain/workers.html`;
    await page.goto(url);
    for (const name of ['ready', 'dedicated', 'dedicated-error', 'module', 'shared', 'events', 'socket', 'service']) {
      await page.waitForSelector(`html[data-${name}="1"]`);
    }
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)).toBe(true);
    await page.close();
  });
});
