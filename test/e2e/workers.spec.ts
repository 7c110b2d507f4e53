/**
 * A page's workers and the requests its own fetch and XHR never make, in Chromium and in
 * Firefox, with Spanlight installed: a dedicated, a module and a shared worker fetch, the
 * dedicated one's uncaught error reaches the page's Worker object, the page's service worker
 * takes control and fetches, a beacon goes, an EventSource gets its event and a WebSocket its
 * echo, all as without Spanlight; and the page view is traced, with the socket's span and the
 * dedicated worker's error recorded by the page side.
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
    const stored = async () => {
      const spans = await extension.storedSpans();
      const root = spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url)!;
      return spans.filter((s) => s.traceId === root.traceId);
    };
    // The page's WebSocket: 'ping' sent, its echo received, closed by the page (no code: 1005).
    await expect.poll(async () => (await stored()).filter((s) => s.name === 'WebSocket').length, { timeout: 15_000 }).toBe(1);
    const socket = (await stored()).find((s) => s.name === 'WebSocket')!;
    expect(String(socket.attributes['url.full'])).toMatch(/^ws:\/\/.*\/api\/socket$/);
    expect(socket.attributes).toMatchObject({
      'network.protocol.name': 'websocket',
      'spanlight.websocket.messages_sent': 1,
      'spanlight.websocket.bytes_sent': 4,
      'spanlight.websocket.messages_received': 1,
      'spanlight.websocket.bytes_received': 4,
      'spanlight.websocket.was_clean': true,
    });
    expect([1000, 1005]).toContain(socket.attributes['spanlight.websocket.close_code']);
    expect(socket.attributes['error.type']).toBeUndefined();
    // The dedicated worker's uncaught error, which the page's onerror cancelled: once, as the worker's.
    await expect.poll(async () => (await stored()).filter((s) => s.attributes['spanlight.worker.kind'] !== undefined).length, { timeout: 15_000 }).toBe(1);
    const exception = (await stored()).find((s) => s.attributes['spanlight.worker.kind'] !== undefined)!;
    expect(exception.name).toBe('exception');
    expect(exception.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'boom from a worker', 'spanlight.worker.kind': 'dedicated' });
    expect(String(exception.attributes['code.file.path'])).toMatch(/\/plain\/worker-dedicated\.js$/);
    expect(String(exception.attributes['spanlight.worker.script'])).toMatch(/\/plain\/worker-dedicated\.js$/);
    expect((await stored()).filter((s) => s.name === 'exception' && String(s.attributes['code.file.path']).endsWith('worker-dedicated.js'))).toHaveLength(1);
    await page.close();
  });
});
