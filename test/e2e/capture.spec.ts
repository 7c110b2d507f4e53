/**
 * The whole flow, in Chromium and in Firefox: a page is captured, the core makes spans (in the
 * content script, or in the background where the page's CSP refuses WebAssembly there), the
 * background stores them and exports OTLP/protobuf to a strict local receiver, and the popup
 * and panel show them.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../support/otlp';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';
import { BACKEND_TRACEPARENT } from './support/server';
import { PanelPage, PopupPage } from './support/pages';

const ns = (ms: number) => BigInt(Math.round(ms)) * 1_000_000n;

/** What the test page does, as spans: a name, and for requests and errors what tells them apart. */
const EXPECTED: [name: string, detail?: string][] = [
  ['GET', '/api/data?token=REDACTED&q=shoes'], ['POST', '/api/xhr'], ['GET', '/api/missing'], ['GET', '/unreachable'], ['GET', '/api/slow'],
  ['GET', '/api/slow?reason'], ['GET', '/unhandled'], ['GET', '/api/xhr?once'], ['GET', '/api/xhr?unread'],
  ['exception', 'boom from page'], ['exception', 'rejected on purpose'], ['exception', 'img failed to load'],
  ['resourceFetch', '/app.js'], ['checkout'], ['navigation.load_event'], ['click'], ['keydown'], ['submit'],
];
const detailOf = (s: ReceivedSpan) => String(s.attributes['url.full'] ?? s.attributes['exception.message'] ?? '');

/** The spans of the page view of `url`, once every expected one has arrived. */
function traceOf(url: string) {
  return (spans: ReceivedSpan[]) => {
    const root = spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
    const trace = root ? spans.filter((s) => s.traceId === root.traceId) : [];
    const complete = EXPECTED.every(([name, detail]) => trace.some((s) => s.name === name && (!detail || detailOf(s).endsWith(detail))));
    return complete ? { root: root!, trace } : undefined;
  };
}

describe.each(BROWSERS)('capture in $browserName', ({ browserName, core, userAgent }) => {
  const flow = useFlow(browserName, { prepare: (options) => options.setInterval(1) });
  /** The session of the first page: the next tab must share it. */
  let session: unknown;

  it.each([
    { variant: 'plain', title: 'a page without CSP' },
    { variant: 'csp', title: "a page whose CSP is script-src 'self'" },
  ])('delivers page-load, fetch, XHR, error, rejection and click spans of $title', async ({ variant }) => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/${variant}/app.html`;
    const before = Date.now();
    const page = await openReadyPage(extension, url);
    await page.click('#buy');
    await page.press('#buy', 'Enter');
    await page.click('#go');

    await receiver.waitFor((spans) => traceOf(url)(spans) !== undefined);
    const after = Date.now();
    const { root, trace } = traceOf(url)(receiver.spans)!;

    // The core ran where it could.
    expect(root.attributes['spanlight.core']).toBe(core);
    expect(root.parentSpanId).toBe('');
    expect(root.kind).toBe(1);
    expect(root.events.map((e) => e.name)).toEqual(expect.arrayContaining(['fetchStart', 'responseEnd', 'domInteractive', 'loadEventEnd']));
    expect(root.resource).toMatchObject({ 'service.name': new URL(site.origin).host, 'telemetry.sdk.name': 'spanlight' });
    expect(String(root.resource['user_agent.original'])).toMatch(userAgent);

    for (const span of trace) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
      if (span !== root) expect(span.parentSpanId).toBe(root.spanId);
      expect(span.startTimeUnixNano).toBeLessThanOrEqual(span.endTimeUnixNano);
      expect(span.startTimeUnixNano).toBeGreaterThanOrEqual(root.startTimeUnixNano);
      expect(span.startTimeUnixNano).toBeGreaterThanOrEqual(ns(before - 50));
      expect(span.endTimeUnixNano).toBeLessThanOrEqual(ns(after));
    }
    expect(new Set(trace.map((s) => s.spanId)).size).toBe(trace.length);
    // One browsing session for every span (and every tab).
    expect(new Set(trace.map((s) => s.attributes['session.id'])).size).toBe(1);
    expect(String(root.attributes['session.id'])).toMatch(/^[0-9a-f]{32}$/);
    session ??= root.attributes['session.id'];
    expect(root.attributes['session.id']).toBe(session);

    const http = (suffix: string) => trace.find((s) => String(s.attributes['url.full']).endsWith(suffix))!;
    expect(http('/api/data?token=REDACTED&q=shoes')).toMatchObject({
      name: 'GET',
      kind: 3,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'spanlight.http.api': 'fetch', 'server.address': '127.0.0.1' },
    });
    expect(http('/api/xhr')).toMatchObject({ name: 'POST', attributes: { 'spanlight.http.api': 'xhr', 'http.response.status_code': 200 } });
    expect(http('/api/missing')).toMatchObject({ status: { code: 2 }, attributes: { 'http.response.status_code': 404, 'error.type': '404' } });
    expect(http('127.0.0.1:9/unreachable')).toMatchObject({ status: { code: 2 }, attributes: { 'error.type': 'NetworkError' } });
    expect(http('/api/slow')).toMatchObject({ status: { code: 2 }, attributes: { 'error.type': 'AbortError' } });

    // An abort reason is kept; a second send() makes no second span; an unread body still ends its span.
    expect(http('/api/slow?reason')).toMatchObject({ status: { code: 2 }, attributes: { 'error.type': 'RangeError' } });
    expect(trace.filter((s) => String(s.attributes['url.full']).endsWith('/api/xhr?once'))).toHaveLength(1);
    expect(http('/api/xhr?unread').attributes).toMatchObject({ 'http.response.status_code': 200 });
    // A fetch failure nobody handled is an exception, as the browser reported it to the page.
    expect(http('127.0.0.1:9/unhandled')).toMatchObject({ status: { code: 2 }, attributes: { 'error.type': 'NetworkError' } });
    expect(trace.filter((s) => s.attributes['spanlight.error.kind'] === 'unhandledrejection' && s.attributes['exception.type'] === 'TypeError')).toHaveLength(1);

    const thrown = trace.find((s) => s.attributes['exception.message'] === 'boom from page')!;
    expect(thrown).toMatchObject({ name: 'exception', status: { code: 2 }, attributes: { 'exception.type': 'TypeError', 'spanlight.error.kind': 'error' } });
    expect(String(thrown.attributes['exception.stacktrace'])).toContain('app.js');
    const rejected = trace.find((s) => s.attributes['exception.message'] === 'rejected on purpose')!;
    expect(rejected.attributes).toMatchObject({ 'exception.type': 'Error', 'spanlight.error.kind': 'unhandledrejection' });

    // Resources: the page's script is a span; its fetch and its Resource Timing entry are one span.
    const script = trace.find((s) => s.name === 'resourceFetch' && String(s.attributes['url.full']).endsWith(`/${variant}/app.js`))!;
    expect(script.attributes).toMatchObject({ 'spanlight.resource.initiator_type': 'script', 'http.response.body.size': expect.any(Number) });
    expect(typeof script.attributes['spanlight.resource.render_blocking']).toBe('boolean');
    expect(trace.filter((s) => String(s.attributes['url.full']).includes('/api/data'))).toHaveLength(1);
    expect(http('/api/data?token=REDACTED&q=shoes').attributes).toMatchObject({
      'http.response.body.size': 17,
      'network.protocol.name': 'http',
      'network.protocol.version': '1.1',
    });
    // Its response named the backend's trace in Server-Timing: a link to it. A malformed one is left out.
    const [, backendTrace, backendSpan] = BACKEND_TRACEPARENT.split('-');
    expect(http('/api/data?token=REDACTED&q=shoes').links).toEqual([
      { traceId: backendTrace, spanId: backendSpan, flags: expect.any(Number), attributes: { 'spanlight.link.type': 'server_timing' } },
    ]);
    expect(http('/api/xhr').links).toEqual([]);
    for (const span of trace) expect(span.attributes).not.toHaveProperty('spanlight.backend.traceparent');

    // The navigation's phases, inside the page load.
    const phases = trace.filter((s) => s.name.startsWith('navigation.'));
    expect(phases.map((s) => s.name)).toEqual(expect.arrayContaining(['navigation.request', 'navigation.response', 'navigation.dom_processing', 'navigation.load_event']));
    for (const phase of phases) expect(phase.endTimeUnixNano).toBeLessThanOrEqual(root.endTimeUnixNano);

    // A User Timing measure of the page's own.
    const measure = trace.find((s) => s.name === 'checkout')!;
    expect(measure.attributes).toMatchObject({ 'spanlight.user_timing': 'measure', 'spanlight.user_timing.detail': 'cart of 3' });
    expect(measure.endTimeUnixNano - measure.startTimeUnixNano).toBe(ns(12));

    // Keyboard activation and form submit; the key is Enter and nothing typed is kept.
    expect(trace.find((s) => s.name === 'keydown')!.attributes).toMatchObject({ 'ui.event.type': 'keydown', 'ui.key': 'Enter', 'ui.target': 'button#buy' });
    expect(trace.find((s) => s.name === 'submit')!.attributes).toMatchObject({ 'ui.event.type': 'submit', 'ui.target': 'form#search' });

    // A resource that failed to load, and (only under the CSP) the inline script it refused.
    const exceptions = trace.filter((s) => s.name === 'exception');
    expect(exceptions.find((s) => s.attributes['spanlight.error.kind'] === 'resource')!.attributes).toMatchObject({
      'exception.type': 'ResourceError',
      'exception.message': 'img failed to load',
      'code.file.path': `${site.origin}/${variant}/missing-logo.png`,
    });
    // console.error is recorded only when the setting allows.
    expect(exceptions.filter((s) => s.attributes['spanlight.error.kind'] === 'console')).toEqual([]);
    const violations = exceptions.filter((s) => s.attributes['spanlight.error.kind'] === 'csp');
    if (variant === 'csp') {
      expect(violations).toHaveLength(1);
      expect(violations[0]!.attributes['exception.message']).toMatch(/^script-src(-elem)? blocked inline$/);
    } else {
      expect(violations).toEqual([]);
    }

    const click = trace.find((s) => s.name === 'click' && s.startTimeUnixNano < trace.find((k) => k.name === 'keydown')!.startTimeUnixNano)!;
    expect(click.attributes).toEqual({
      'ui.event.type': 'click',
      'ui.target': 'button#buy',
      'session.id': root.attributes['session.id'],
      'spanlight.tab.id': root.attributes['spanlight.tab.id'],
      // The document it happened in, which export adds to every span.
      'browser.document.url.full': root.attributes['url.full'],
    });
    expect(click.endTimeUnixNano - click.startTimeUnixNano).toBeGreaterThanOrEqual(ns(20)); // the slow handler

    // Kept in IndexedDB, marked exported, and nothing the user typed or read was captured.
    const ofTrace = async () => (await extension.storedSpans()).filter((s) => s.traceId === root.traceId);
    expect(new Set((await ofTrace()).map((s) => s.spanId))).toEqual(new Set(trace.map((s) => s.spanId)));
    await expect.poll(async () => (await ofTrace()).filter((s) => s.exported).length).toBe(trace.length);
    const everything = JSON.stringify(await ofTrace());
    for (const secret of ['secret123', 'do-not-capture', '4111 1111', 'Buy now', 'private search']) expect(everything).not.toContain(secret);

    // The popup lists this tab's spans, and each carries the tab's id.
    const tabId = await extension.tabIdOf(url);
    expect(trace.every((s) => s.attributes['spanlight.tab.id'] === tabId)).toBe(true);
    const popup = await PopupPage.open(extension, tabId);
    await expect.poll(() => popup.rowCount()).toBeGreaterThanOrEqual(trace.length);
    const names = (await popup.table()).map((row) => row[0]);
    expect(names).toEqual(expect.arrayContaining(['documentLoad', 'GET', 'POST', 'exception', 'click']));
    await expect.poll(() => popup.exportStatus()).toMatch(/: ok · 0 pending/);
    await popup.screenshot(`popup-${variant}`);

    // The panel shows the trace as a waterfall and follows the tab live.
    const panel = await PanelPage.open(extension, tabId);
    await expect.poll(() => panel.waterfallRowCount()).toBeGreaterThanOrEqual(trace.length);
    // Once the stored trace has settled, one more click shows up as one more row.
    await expect.poll(async () => (await panel.waterfallRowCount()) === (await ofTrace()).length).toBe(true);
    const rows = await panel.waterfallRowCount();
    await page.bringToFront();
    await page.click('#buy');
    await expect.poll(() => panel.waterfallRowCount()).toBe(rows + 1);
    await panel.screenshot(`panel-${variant}`);
    await Promise.all([page.close(), popup.page.close(), panel.page.close()]);
  });

  it('ends each request of an XMLHttpRequest the page opens again (polling from onload or readystatechange, or over one in flight) with its own status', async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/xhr-reuse.html`;
    const page = await openReadyPage(extension, url);
    const OK = ['/api/xhr?poll=1', '/api/xhr?poll=2', '/api/xhr?state=1', '/api/xhr?state=2', '/api/xhr?after', '/api/xhr?after-timeout', '/api/xhr?instead', '/api/xhr?dispatched', '/api/xhr?sync-twice'];
    const LATER = ['/api/xhr?rsc-send', '/api/xhr?rsc-inner', '/api/xhr?rsc-abort-inner', '/api/xhr?after-abort', '/api/xhr?last'];
    const CANCELLED = ['/api/slow?xhr', '/api/slow?aborted-in-tostring', '/api/slow?reopened-in-tostring'];
    const ENDS = [...OK, ...LATER, ...CANCELLED, '/api/slow?timeout', '/api/xhr?aborted-when-done', '/api/xhr?outer', '/api/xhr?rsc-abort-outer', '127.0.0.1:9/sync-unreachable', '/api/slow?abort-in-abort', '/api/slow?abort-in-timeout'];
    const requests = (all: ReceivedSpan[]) => {
      const root = all.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
      return root ? all.filter((s) => s.traceId === root.traceId && s.attributes['spanlight.http.api'] === 'xhr') : [];
    };
    const spans = requests(await receiver.waitFor((all) => ENDS.every((end) => requests(all).some((s) => detailOf(s).endsWith(end)))));
    const of = (end: string) => spans.filter((s) => detailOf(s).endsWith(end));
    // One span each, with its own status; an event the page dispatched itself fails nothing.
    for (const end of [...OK, ...LATER]) expect(of(end), end).toMatchObject([{ name: 'GET', status: { code: 0 }, attributes: { 'http.response.status_code': 200 } }]);
    // From open()'s readystatechange, the inner open() came last; from a URL's toString, the outer one.
    expect(of('/api/xhr?rsc-outer')).toEqual([]);
    expect(of('/api/xhr?nested')).toEqual([]);
    // Sent and aborted from that readystatechange before the open() there.
    expect(of('/api/xhr?rsc-abort-outer')).toMatchObject([{ name: 'POST', status: { code: 2 }, attributes: { 'error.type': 'AbortError' } }]);
    // Cancelled by the browser as the page opened the object again (once each, whatever else ran meanwhile).
    for (const end of CANCELLED) expect(of(end), end).toMatchObject([{ status: { code: 2 }, attributes: { 'error.type': 'AbortError' } }]);
    // Firefox runs our capture-phase listener first; Chromium runs the page's ontimeout first, and
    // the object it opens again no longer says why the request failed (README, the XHR span).
    expect(of('/api/slow?timeout')).toMatchObject([{ status: { code: 2 }, attributes: { 'error.type': browserName === 'firefox' ? 'TimeoutError' : 'NetworkError' } }]);
    // Aborted from its own onload: the request was done, and keeps its status (the page sees 0 at its loadend).
    expect(of('/api/xhr?aborted-when-done')).toMatchObject([{ status: { code: 0 }, attributes: { 'http.response.status_code': 200 } }]);
    expect(of('/api/xhr?aborted-when-done')[0]!.attributes).not.toHaveProperty('error.type');
    // abort() inside the failure's own readystatechange 4: the failure it was.
    expect(of('/api/slow?abort-in-abort')).toMatchObject([{ status: { code: 2 }, attributes: { 'error.type': 'AbortError' } }]);
    expect(of('/api/slow?abort-in-timeout')).toMatchObject([{ status: { code: 2 }, attributes: { 'error.type': 'TimeoutError' } }]);
    // A synchronous request that failed: one span, whether or not the browser fired a loadend.
    expect(of('127.0.0.1:9/sync-unreachable')).toMatchObject([{ status: { code: 2 }, attributes: { 'error.type': 'NetworkError' } }]);
    // Opened over from its loadstart listener, inside send(): the browser never made it.
    expect(of('/api/xhr?never')).toEqual([]);
    // The URL's toString opened the object again; the outer open() came last, and it was sent.
    expect(of('/api/xhr?outer')).toMatchObject([{ name: 'POST', attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 } }]);
    expect(of('/api/xhr?inner')).toEqual([]);
    // The second request of an object starts after the first ended.
    for (const [first, second] of [['/api/xhr?poll=1', '/api/xhr?poll=2'], ['/api/xhr?state=1', '/api/xhr?state=2'], ['/api/slow?xhr', '/api/xhr?after'], ['/api/slow?timeout', '/api/xhr?after-timeout']] as const) {
      expect(of(first)[0]!.endTimeUnixNano).toBeLessThanOrEqual(of(second)[0]!.startTimeUnixNano);
    }
    await page.close();
  });

  it('shows a fetch whose body the page holds unread in the DevTools panel well before the wait for its entry ends', async () => {
    const { site, extension } = flow;
    const url = `${site.origin}/plain/unread.html`;
    const page = await openReadyPage(extension, url);
    const panel = await PanelPage.open(extension, await extension.tabIdOf(url));
    await expect.poll(() => panel.waterfallRowCount()).toBeGreaterThan(0);
    const shown = () => panel.page.evaluate(() => [...document.querySelectorAll('[data-testid="waterfall-row"] .nw-file')].some((f) => f.textContent === 'large'), null);
    expect(await shown()).toBe(false);
    await page.click('#fetch');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.resolved, null)).toBeTruthy();
    const resolved = Number(await page.evaluate(() => document.documentElement.dataset.resolved, null));
    await expect.poll(shown, { timeout: 15_000 }).toBe(true);
    // The bridge waits up to 5 s for a request's Resource Timing entry; the browser makes one for
    // a body the page holds unread (8 MB here), so the request does not wait that long.
    expect(Date.now() - resolved).toBeLessThan(4000);
    const span = (await extension.storedSpans()).find((s) => s.pageUrl === url && String(s.attributes['url.full']).endsWith('/api/large'))!;
    expect(span.attributes['http.response.status_code']).toBe(200);
    await Promise.all([page.close(), panel.page.close()]);
  });

  it("traces a cross-origin frame as its own page view, linked to the top page's", async () => {
    const { site, receiver, extension } = flow;
    const url = `${site.origin}/plain/frames.html`;
    const framed = `${site.origin.replace('127.0.0.1', 'localhost')}/plain/frame.html`;
    const page = await openReadyPage(extension, url);
    const rootOf = (spans: ReceivedSpan[], of: string) => spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === of);
    const spans = await receiver.waitFor((all) => {
      const frameRoot = rootOf(all, framed);
      return !!rootOf(all, url) && !!frameRoot && all.some((s) => s.name === 'in-frame' && s.traceId === frameRoot.traceId);
    });
    const top = rootOf(spans, url)!;
    const frame = rootOf(spans, framed)!;
    // The frame's page view is its own trace, its service the frame's host, and it links to the top page view.
    expect(frame.traceId).not.toBe(top.traceId);
    expect(frame.resource['service.name']).toBe(new URL(framed).host);
    expect(frame.links).toEqual([
      { traceId: top.traceId, spanId: top.spanId, flags: expect.any(Number), attributes: { 'spanlight.link.type': 'top_page_view' } },
    ]);
    expect(frame.links[0]!.flags & 0xff).toBe(1);
    expect(top.links).toEqual([]);
    // Only a top frame runs the core in the content script (Firefox's); a frame's spans are the background's.
    expect(top.attributes['spanlight.core']).toBe(core);
    expect(frame.attributes['spanlight.core']).toBe('background');
    // What the frame did is under its own page view.
    expect(spans.find((s) => s.name === 'in-frame')!.parentSpanId).toBe(frame.spanId);
    await page.close();
  });
});
