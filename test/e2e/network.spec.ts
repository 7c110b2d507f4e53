/**
 * The network the page's own fetch and XHR wrappers cannot see, in Chromium and in Firefox, as
 * the background observes it through webRequest: a beacon, a WebSocket's handshake, an
 * EventSource, and the fetches of a dedicated, a module and a shared worker and of the page's
 * service worker each become exactly one client span of the page view, a child of its root; the
 * page's own requests are not recorded twice.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../support/otlp';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';

const CLIENT = 3;
const urlOf = (s: ReceivedSpan) => String(s.attributes['url.full'] ?? '');

describe('the network beyond the page in chromium, not allowed', () => {
  const flow = useFlow('chromium', { prepare: (options) => options.setInterval(1) });

  // An extension that can observe requests in Chromium changes what the page's console says of a
  // failed WebSocket (the compatibility suite's websocket case): Chromium asks only when the user ticks it.
  it('holds no webRequest until the user allows it, and records nothing of the browser’s view', async () => {
    const { site, receiver, extension } = flow;
    const page = await extension.openPage('options.html');
    const manifest = await page.evaluate(() => chrome.runtime.getManifest(), null);
    expect([manifest.permissions, manifest.optional_permissions]).toEqual([expect.not.arrayContaining(['webRequest']), ['webRequest']]);
    expect(await page.evaluate(() => chrome.permissions.contains({ permissions: ['webRequest'] }), null)).toBe(false);
    await page.waitForSelector('input[name="networkAccess"]:not([disabled])');
    expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name="networkAccess"]')!.checked, null)).toBe(false);
    await page.close();
    const url = `${site.origin}/plain/workers.html`;
    const tab = await extension.newPage();
    await tab.goto(url);
    for (const name of ['ready', 'dedicated', 'shared', 'events', 'socket', 'service']) await tab.waitForSelector(`html[data-${name}="1"]`);
    const root = await receiver.waitFor((spans) => spans.some((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)).then((spans) => spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)!);
    await receiver.waitFor((spans) => spans.some((s) => s.traceId === root.traceId && urlOf(s).endsWith('/api/beacon')));
    expect(receiver.spans.filter((s) => s.traceId === root.traceId && s.attributes['spanlight.request.seen_by'] !== undefined)).toEqual([]);
    await tab.close();
  });
});

describe.each(BROWSERS)('the network beyond the page in $browserName', ({ browserName }) => {
  const socket = true;
  // Chromium: allowed in the options page, then restarted (support/network-access.ts).
  const flow = useFlow(browserName, { prepare: (options) => options.setInterval(1) }, { networkAccess: true });

  it('says the browser’s view is in effect', async () => {
    const page = await flow.extension.openPage('options.html');
    await page.waitForSelector('form');
    if (browserName === 'chromium') {
      await page.waitForSelector('input[name="networkAccess"]:not([disabled])');
      expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name="networkAccess"]')!.checked, null)).toBe(true);
      expect(await page.evaluate(() => document.querySelector('[data-testid="network-access-restart"]') === null, null)).toBe(true);
    } else expect(await page.evaluate(() => document.querySelector('input[name="networkAccess"]') === null, null)).toBe(true);
    await page.close();
  });

  it('records each worker request, the beacon, the event stream and the socket once, in the page view', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/workers.html`;
    const page = await extension.newPage();
    await page.goto(url);
    for (const name of ['ready', 'dedicated', 'module', 'shared', 'events', 'socket', 'service']) await page.waitForSelector(`html[data-${name}="1"]`);
    const root = () => receiver.spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
    const ends = ['/api/beacon', ...(socket ? ['/api/socket'] : []), '/api/events', '/api/data?from=dedicated', '/api/data?from=module', '/api/data?from=shared', '/api/data?from=service'];
    const ofPage = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === root()?.traceId);
    // A request the page side might still report waits out the grace before it is decided.
    await receiver.waitFor((spans) => ends.every((end) => ofPage(spans).some((s) => urlOf(s).endsWith(end))), 45_000);
    // Past the grace in which a request the page side could have made waits for its span.
    await expect.poll(async () => (await extension.status())?.network.waiting, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => extension.storedSpans().then((stored) => stored.filter((s) => s.traceId === root()!.traceId && !s.exported).length), { timeout: 30_000 }).toBe(0);
    const trace = ofPage(receiver.spans);
    for (const end of ends) {
      const spans = trace.filter((s) => urlOf(s).endsWith(end));
      expect(spans.map((s) => s.name), end).toHaveLength(1);
      expect(spans[0]!.parentSpanId, end).toBe(root()!.spanId);
    }
    // The workers' requests only the browser saw: client spans of its view.
    for (const end of ends.filter((e) => e !== '/api/beacon' && e !== '/api/events' && e !== '/api/socket')) {
      const span = trace.find((s) => urlOf(s).endsWith(end))!;
      expect([span.kind, span.attributes['spanlight.request.seen_by']], end).toEqual([CLIENT, 'webRequest']);
      // Each answered 200: no error status, and the method the worker used.
      expect([span.name, span.attributes['http.response.status_code'], span.status.code], end).toEqual(['GET', 200, 0]);
    }
    // A beacon and an event stream, which the page side sees as resources too, are one span:
    // the browser's client span where its view came first, else the resource.
    const one = (end: string) => trace.find((s) => urlOf(s).endsWith(end))!;
    for (const end of ['/api/beacon', '/api/events']) {
      const span = one(end);
      expect(span.kind === CLIENT ? span.attributes['spanlight.request.seen_by'] : span.name, end).toBe(span.kind === CLIENT ? 'webRequest' : 'resourceFetch');
    }
    if (one('/api/beacon').kind === CLIENT) expect(one('/api/beacon').attributes).toMatchObject({ 'spanlight.request.kind': 'beacon', 'http.request.method': 'POST', 'http.response.status_code': 204 });
    // The socket is the page side's span: webRequest's view of its handshake is left out.
    if (socket) expect([one('/api/socket').name, one('/api/socket').kind, one('/api/socket').attributes['spanlight.request.seen_by'], one('/api/socket').attributes['network.protocol.name']]).toEqual(['WebSocket', CLIENT, undefined, 'websocket']);
    // Closed by the page with close(): not an error.
    if (socket) expect(one('/api/socket').status.code).toBe(0);
    else expect(trace.filter((s) => urlOf(s).endsWith('/api/socket'))).toEqual([]);
    expect(one('/api/data?from=shared').attributes['spanlight.request.kind']).toBe('worker');
    expect(one('/api/data?from=service').attributes['spanlight.request.kind']).toBe('worker');
    await page.close();
  }, 90_000);

  it('records a keepalive fetch made as the page is left once, in the page view it left', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/keepalive.html`;
    const page = await openReadyPage(extension, url);
    await receiver.waitFor((spans) => spans.some((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url));
    const root = receiver.spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)!;
    // Leaving sends it: the page side's span never gets its answer, the browser's view does.
    await page.goto(`${site.origin}/plain/app.html?after-keepalive`);
    const ofKeepalive = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === root.traceId && urlOf(s).endsWith('/api/data?from=keepalive'));
    await receiver.waitFor((spans) => ofKeepalive(spans).length > 0, 45_000);
    await expect.poll(async () => (await extension.status())?.network.waiting, { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await extension.storedSpans()).filter((s) => s.traceId === root.traceId && !s.exported).length, { timeout: 30_000 }).toBe(0);
    const [span, ...more] = ofKeepalive(receiver.spans);
    expect(more).toEqual([]);
    expect([span!.kind, span!.parentSpanId, span!.attributes['http.request.method'], span!.attributes['http.response.status_code']]).toEqual([CLIENT, root.spanId, 'POST', 200]);
    await page.close();
  }, 120_000);

  it('records the page’s own requests once: the browser’s view of them is not a second span', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/app.html?once`;
    const page = await openReadyPage(extension, url);
    await receiver.waitFor((spans) => spans.some((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url));
    const root = receiver.spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)!;
    await receiver.waitFor((spans) => spans.some((s) => s.traceId === root.traceId && urlOf(s).endsWith('/api/xhr?unread')), 30_000);
    // Past the grace in which the browser's view of them waits for the page side's.
    await expect.poll(async () => (await extension.status())?.network.waiting, { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await extension.storedSpans()).filter((s) => s.traceId === root.traceId && !s.exported).length, { timeout: 30_000 }).toBe(0);
    const requests = receiver.spans.filter((s) => s.traceId === root.traceId && s.kind === CLIENT);
    for (const end of ['/api/data?token=REDACTED&q=shoes', '/api/xhr', '/api/missing', '/api/xhr?once', '/api/xhr?unread']) {
      expect(requests.filter((s) => urlOf(s).endsWith(end)), end).toHaveLength(1);
    }
    expect(requests.filter((s) => s.attributes['spanlight.request.seen_by'] === 'webRequest').map(urlOf)).toEqual([]);
    await page.close();
  }, 120_000);
});
