/**
 * The logs signal, in Chromium and in Firefox: with "both" chosen in the options page, the
 * OpenTelemetry browser events of what a user did (a page load, its timing, a click, an uncaught
 * error, the vitals when the page is left, a route change, the session's start) reach the strict
 * receiver's /v1/logs, each linked to a span the receiver has on /v1/traces, under the same
 * resource; with the span-event bridge on, each event is also on its span. Back to traces only,
 * no log record is sent any more.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedLog, ReceivedSpan } from '../support/otlp';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';
import { OptionsPage } from './support/pages';

describe.each(BROWSERS)('logs in $browserName', ({ browserName, vitals }) => {
  const flow = useFlow(browserName);

  it('sends the events of a page view as OTLP logs beside its spans, and on them with the bridge', async () => {
    const { site, receiver, extension } = flow;
    const options = await OptionsPage.open(extension);
    await options.choose('signals', 'both');
    await options.tick('spanEvents');
    await options.setInterval(1);
    await options.save({ endpoint: receiver.endpoint });
    await expect.poll(() => options.feedback()).toBe('Saved. Spans and their events (as logs) are sent to these endpoints.');
    await options.page.close();

    const url = `${site.origin}/plain/app.html`;
    const page = await openReadyPage(extension, url);
    await page.click('#buy');
    // Leaving hides the page: web-vitals reports what it has.
    await page.goto(`${site.origin}/plain/spa.html`);
    await page.waitForSelector('html[data-ready="1"]');
    await page.click('#next');
    await page.waitForSelector('html[data-view="2"]');

    const root = () => receiver.spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
    const ofApp = (l: ReceivedLog) => l.traceId === root()?.traceId;
    const named = (name: string) => (l: ReceivedLog) => l.eventName === name;
    const expected = ['browser.navigation', 'browser.navigation_timing', 'browser.user_action.click', 'exception'];
    await receiver.waitForLogs((logs) => expected.every((name) => logs.some((l) => ofApp(l) && l.eventName === name)), 30_000);
    await receiver.waitForLogs((logs) => logs.some((l) => l.eventName === 'browser.navigation' && l.attributes['browser.navigation.same_document'] === true), 30_000);
    // The vitals every browser measures on this page (CLS and INP need a shift and a slow enough interaction).
    const measured = vitals.filter((v) => v !== 'INP' && v !== 'CLS').map((v) => v.toLowerCase());
    await receiver.waitForLogs((logs) => measured.every((v) => logs.some((l) => ofApp(l) && l.attributes['browser.web_vital.name'] === v)), 30_000);

    // Every record names a span the collector has, of the same trace, under the same resource.
    const spanOf = (l: ReceivedLog): ReceivedSpan | undefined => receiver.spans.find((s) => s.spanId === l.spanId && s.traceId === l.traceId);
    await receiver.waitFor(() => receiver.logs.every((l) => spanOf(l)));
    for (const log of receiver.logs) {
      const span = spanOf(log)!;
      expect(log.resource).toEqual(span.resource);
      expect(log.scope).toEqual({ name: 'spanlight', version: expect.any(String) });
      expect(log.attributes['browser.document.url.full']).toBe(span.attributes['browser.document.url.full']);
      expect(log.attributes['session.id']).toBe(span.attributes['session.id']);
      expect(log.flags).toBe(1);
    }
    const app = receiver.logs.filter(ofApp);
    const load = app.find(named('browser.navigation'))!;
    expect(load).toMatchObject({ spanId: root()!.spanId, attributes: { 'url.full': url, 'browser.navigation.same_document': false } });
    expect(app.find(named('browser.navigation_timing'))!.types['browser.navigation_timing.dom_interactive']).toBe('doubleValue');
    const click = app.find(named('browser.user_action.click'))!;
    expect(click.attributes['browser.css_selector']).toContain('#buy');
    expect(JSON.stringify(click.attributes)).not.toContain('4111');
    const error = app.find((l) => l.eventName === 'exception' && l.attributes['exception.message'] === 'boom from page')!;
    expect(error).toMatchObject({ severityNumber: 17, attributes: { 'exception.type': 'TypeError' } });
    for (const vital of app.filter(named('browser.web_vital'))) {
      expect(vital.types['browser.web_vital.value']).toBe('doubleValue');
      expect(vital.types['browser.web_vital.delta']).toBe('doubleValue');
      expect(vital.attributes['browser.web_vital.id']).toMatch(/^v\d-/);
      expect(spanOf(vital)!.attributes['browser.web_vital.name']).toBe(vital.attributes['browser.web_vital.name']);
    }
    const route = receiver.logs.find((l) => l.eventName === 'browser.navigation' && l.attributes['browser.navigation.same_document'] === true)!;
    expect(route.attributes).toMatchObject({ 'browser.navigation.type': 'push', 'url.full': `${site.origin}/plain/spa.html?view=2` });
    // The browser run's first activity began the session: it follows none.
    const start = receiver.logs.find(named('session.start'));
    expect(start?.attributes).toEqual({ 'session.id': root()!.attributes['session.id'], 'browser.document.url.full': expect.any(String) });

    // The bridge: each event is on its span as a span event too.
    for (const log of receiver.logs) expect(spanOf(log)!.events.map((e) => e.name)).toContain(log.eventName);
    // Nothing was parked or refused, on either signal.
    const status = await extension.status();
    expect([status?.export.parked, status?.logs.parked, receiver.errors]).toEqual([0, 0, []]);
    await page.close();
  });

  it('sends logs in OTLP JSON too, and none once traces only are chosen again', async () => {
    const { site, receiver, extension } = flow;
    await extension.setSettings({ export: { endpoint: receiver.endpoint, signals: 'both', protocol: 'http/json', intervalSeconds: 1, resourceTimingEvents: true } });
    const first = `${site.origin}/plain/app.html?json`;
    let page = await openReadyPage(extension, first);
    await page.click('#buy');
    const click = (u: string) => (l: ReceivedLog) => l.eventName === 'browser.user_action.click' && l.attributes['browser.document.url.full'] === u;
    await receiver.waitForLogs((logs) => logs.some(click(first)), 30_000);
    expect(receiver.requests.filter((r) => r.path === '/v1/logs').at(-1)!.contentType).toBe('application/json');
    // Asked for, a record per resource the page loaded.
    await receiver.waitForLogs((logs) => logs.some((l) => l.eventName === 'browser.resource_timing' && String(l.attributes['url.full']).endsWith('/plain/app.js')), 30_000);
    const script = receiver.logs.find((l) => l.eventName === 'browser.resource_timing' && String(l.attributes['url.full']).endsWith('/plain/app.js'))!;
    expect(script.attributes['browser.resource_timing.initiator_type']).toBe('script');
    expect(script.types['browser.resource_timing.duration']).toBe('doubleValue');
    await page.close();

    await extension.setSettings({ export: { endpoint: receiver.endpoint, signals: 'traces', intervalSeconds: 1 } });
    await expect.poll(async () => (await extension.status())?.logs.state).toBe('off');
    const before = receiver.requests.filter((r) => r.path === '/v1/logs').length;
    const second = `${site.origin}/plain/app.html?traces-only`;
    page = await openReadyPage(extension, second);
    await page.click('#buy');
    await page.goto(`${site.origin}/plain/spa.html`);
    // Every span of the page reaches the traces endpoint; not one log record goes.
    await receiver.waitFor((spans) => spans.some((s) => s.name === 'click' && s.attributes['browser.document.url.full'] === second));
    await receiver.waitFor((spans) => spans.some((s) => s.name === 'exception' && s.attributes['browser.document.url.full'] === second));
    const stored = (await extension.storedSpans()).filter((s) => s.pageUrl === second);
    await receiver.waitFor((spans) => stored.every((s) => spans.some((r) => r.spanId === s.spanId)));
    expect(receiver.requests.filter((r) => r.path === '/v1/logs')).toHaveLength(before);
    expect(receiver.logs.some((l) => l.attributes['browser.document.url.full'] === second)).toBe(false);
    // Nor do the spans carry the events, the bridge being off.
    expect(receiver.spans.filter((s) => s.attributes['browser.document.url.full'] === second).flatMap((s) => s.events.map((e) => e.name))).not.toContain('browser.user_action.click');
    await page.close();
  });

  it('ends a session after its timeout: session.end of the one before, and session.start naming it', async () => {
    const { site, receiver, extension } = flow;
    await extension.setSettings({ export: { endpoint: receiver.endpoint, signals: 'logs', intervalSeconds: 1 }, session: { timeoutMinutes: 1 } });
    const before = `${site.origin}/plain/app.html?before`;
    let page = await openReadyPage(extension, before);
    await receiver.waitForLogs((logs) => logs.some((l) => l.attributes['browser.document.url.full'] === before));
    const old = receiver.logs.find((l) => l.attributes['browser.document.url.full'] === before)!.attributes['session.id'];
    const tracesBefore = receiver.requests.filter((r) => r.path === '/v1/traces').length;
    await page.close();
    const control = await extension.openPage('options.html');
    if (extension.killBackground) {
      // Chromium: a worker stopped while the session was idle past its timeout reads it back so.
      await control.evaluate(async (id) => chrome.storage.session.set({ session: { id, lastActivity: Date.now() - 2 * 60_000 } }), old);
      await extension.killBackground();
    } else {
      // Firefox's background page lives on, the session in its memory: the minute has to pass
      // since its last activity, which it saves at most every 10 s.
      const idle = () =>
        control.evaluate(async () => {
          const { session } = await browser.storage.session.get('session');
          return Date.now() - (session as { lastActivity: number }).lastActivity;
        }, null);
      await expect.poll(idle, { timeout: 90_000, interval: 1000 }).toBeGreaterThan(72_000);
    }
    await control.close();
    const after = `${site.origin}/plain/app.html?after`;
    page = await openReadyPage(extension, after);
    await receiver.waitForLogs((logs) => logs.some((l) => l.eventName === 'session.start' && l.attributes['session.previous_id'] === old), 30_000);
    const start = receiver.logs.find((l) => l.eventName === 'session.start' && l.attributes['session.previous_id'] === old)!;
    const end = receiver.logs.find((l) => l.eventName === 'session.end' && l.attributes['session.id'] === old)!;
    expect(start.attributes['session.id']).not.toBe(old);
    expect(start.attributes['browser.document.url.full']).toBe(after);
    expect([end.spanId, end.traceId]).toEqual([start.spanId, start.traceId]);
    expect(end.timeUnixNano).toBeLessThan(start.timeUnixNano);
    // Logs only: no span is sent.
    expect(receiver.requests.filter((r) => r.path === '/v1/traces')).toHaveLength(tracesBefore);
    await page.close();
  }, 150_000);
});
