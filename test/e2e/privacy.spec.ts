/**
 * A hostile page, redaction and "what will be sent", in Chromium and in Firefox. The hostile page
 * forges the private channel, floods a million look-alike messages, sends huge and deep values,
 * pollutes prototypes and redefines fetch, XMLHttpRequest, addEventListener, postMessage and JSON:
 * nothing forged is stored, the drops are counted (in the status and as a span in the page's
 * trace), the page is still traced, and another tab is unaffected.
 */
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/protocol/span';
import { storedBytes } from '../../src/store/db';
import { BROWSERS } from './browsers';
import { openReadyPage } from './support/extension';
import { useFlow } from './support/flow';
import { OptionsPage } from './support/pages';

describe.each(BROWSERS)('a hostile page in $browserName', ({ browserName }) => {
  const flow = useFlow(browserName);

  it('stores nothing forged, counts the drops and keeps tracing it and other tabs', { timeout: 240_000 }, async () => {
    const { site, receiver, extension } = flow;
    const droppedBefore = (await extension.status())?.dropped.invalid ?? 0;
    const hostile = await openReadyPage(extension, `${site.origin}/plain/hostile.html`);
    // Another tab, opened while the hostile one is busy, is traced as usual.
    const other = await openReadyPage(extension, `${site.origin}/plain/app.html?other-tab`);
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl.endsWith('?other-tab') && s.name === 'documentLoad')).toBe(true);

    // The page still works, and its own request after the attack is traced.
    await expect.poll(() => hostile.evaluate(() => document.documentElement.dataset.flooded ?? '', null), { timeout: 120_000, interval: 500 }).toBe('1');
    // Its events over the rate limit (2,000 a second) are dropped, its own too: clicked until one
    // lands in a window the flood has left.
    const afterAttack = (spans: { attributes: Record<string, unknown> }[]) => spans.some((s) => String(s.attributes['url.full']).endsWith('?after-attack'));
    await expect
      .poll(
        async () => {
          await hostile.click('#after');
          return afterAttack(await extension.storedSpans());
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    await hostile.waitForSelector('html[data-done="3"]');

    // The page's spies on CustomEvent, dispatchEvent, MessageEvent.data, Array.prototype.push,
    // Object.prototype.detail and toJSON never saw an event, a config or the private name.
    expect(await hostile.evaluate(() => document.documentElement.dataset.spied ?? 'unset', null)).toBe('');

    const stored = await extension.storedSpans();
    const text = JSON.stringify(stored);
    expect(text).not.toContain('forged.example');
    expect(text).not.toContain('ffffffffffffffff');
    const mine = stored.filter((s) => s.pageUrl.endsWith('/hostile.html'));
    expect(mine.some((s) => s.name === 'documentLoad')).toBe(true);
    // Huge values arrive cut to the limits, never whole.
    for (const span of mine) {
      expect(span.name.length).toBeLessThanOrEqual(256);
      for (const value of Object.values(span.attributes)) if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(16_384);
    }
    const error = mine.find((s) => String(s.attributes['exception.message']).startsWith('huge-error'));
    expect(error && String(error.attributes['exception.message']).length).toBeLessThanOrEqual(2048);

    // A million look-alike handshakes and the measures over the rate limit: counted, not stored.
    await expect.poll(async () => ((await extension.status())?.dropped.invalid ?? 0) - droppedBefore, { timeout: 30_000 }).toBeGreaterThanOrEqual(1_000_000);
    expect(mine.filter((s) => s.name.startsWith('flood-')).length).toBeLessThan(200_000);
    // The drops are in the exported data too, in the page's own trace.
    const dropSpans = mine.filter((s) => s.name === 'spanlight.dropped');
    expect(dropSpans.length).toBeGreaterThan(0);
    expect(dropSpans.every((s) => s.traceId === mine.find((m) => m.name === 'documentLoad')!.traceId)).toBe(true);
    const droppedInSpans = dropSpans.reduce((sum, s) => sum + Number(s.attributes['spanlight.dropped.count']), 0);
    expect(droppedInSpans).toBeGreaterThanOrEqual(1_000_000);
    expect(receiver.requests).toEqual([]); // no endpoint set: nothing left the browser
    await Promise.all([hostile.close(), other.close()]);
  });

  it('stores at most the spans-per-page-view limit, and counts the rest', async () => {
    const { site, extension } = flow;
    await extension.setSettings({ limits: { spansPerPageView: 100 } });
    const page = await openReadyPage(extension, `${site.origin}/plain/hostile.html?limited`);
    await expect.poll(async () => (await extension.status())?.dropped.limit ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    const mine = (await extension.storedSpans()).filter((s) => s.pageUrl.endsWith('?limited'));
    expect(mine.filter((s) => s.name !== 'spanlight.dropped').length).toBeLessThanOrEqual(100);
    await page.close();
    await extension.setSettings({});
  });

  it("keeps an origin within its storage limit by turning over its own oldest spans, never another origin's", async () => {
    const { site, extension } = flow;
    await extension.setSettings({ limits: { originMegabytes: 1 } });
    const local = site.origin.replace('127.0.0.1', 'localhost');
    const other = await openReadyPage(extension, `${site.origin}/plain/app.html?other-origin`);
    const first = await openReadyPage(extension, `${local}/plain/app.html?first`);
    const loaded = (spans: SpanRecord[], query: string) => spans.some((s) => s.name === 'documentLoad' && s.pageUrl.endsWith(query));
    await expect
      .poll(async () => {
        const spans = await extension.storedSpans();
        return loaded(spans, '?first') && loaded(spans, '?other-origin');
      })
      .toBe(true);
    const before = (await extension.status())?.dropped.origin ?? 0;

    // About 2 MB of measures on the same origin as ?first, over its 1 MB.
    const bulky = await openReadyPage(extension, `${local}/plain/bulky.html`);
    await bulky.waitForSelector('html[data-done="1500"]');
    const newest = (spans: SpanRecord[]) => spans.some((s) => s.name === 'bulk-1499');
    await expect.poll(async () => newest(await extension.storedSpans()), { timeout: 30_000 }).toBe(true);
    const stored = await extension.storedSpans();
    const mine = stored.filter((s) => new URL(s.pageUrl).origin === local);
    expect(storedBytes(mine)).toBeLessThanOrEqual(1024 * 1024);
    // Its oldest went, its newest stayed, and the other origin kept everything.
    expect(loaded(mine, '?first')).toBe(false);
    expect(mine.some((s) => s.name === 'bulk-0')).toBe(false);
    expect(loaded(stored, '?other-origin')).toBe(true);
    // Export is off (no endpoint): nothing was waiting to be sent, so nothing counts as dropped.
    expect((await extension.status())?.dropped.origin ?? 0).toBe(before);
    await Promise.all([other.close(), first.close(), bulky.close()]);
    await extension.setSettings({});
  });

  it('redacts emails, digit runs and the user patterns before storing, with a preview, and shows what will be sent', async () => {
    const { site, extension } = flow;
    const options = await OptionsPage.open(extension);
    await options.page.click('input[name="digits"]');
    await options.page.type('textarea[name="patterns"]', 'ticket-\\w+');
    // The preview applies the form's rules (not yet saved) and the core's own.
    await expect.poll(() => options.text('[data-testid="redaction-preview"]')).toBe(
      'https://shop.example/account?email=REDACTED&token=REDACTED&card=REDACTED#state=xyz',
    );
    await options.page.click('button[type="submit"]');
    await expect.poll(() => options.feedback()).toBe('Saved. Export is off.');

    const url = `${site.origin}/plain/app.html?contact=ann@example.com&ref=4111111111111111&note=ticket-42`;
    const page = await openReadyPage(extension, url);
    const redacted = `${site.origin}/plain/app.html?contact=REDACTED&ref=REDACTED&note=REDACTED`;
    await expect.poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl === redacted)).toBe(true);
    const text = JSON.stringify(await extension.storedSpans());
    for (const secret of ['ann@example.com', '4111111111111111', 'ticket-42']) expect(text).not.toContain(secret);

    await options.page.click('[data-testid="preview-export"]');
    await expect.poll(() => options.text('[data-testid="preview-summary"]')).toMatch(
      /^The next request carries \d+ spans of \d+ pending, once you set an endpoint \(export is off: nothing leaves this browser\)\. Shown as OTLP JSON\.$/,
    );
    const json = JSON.parse((await options.text('[data-testid="preview-json"]'))!) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    expect(json.resourceSpans[0]!.scopeSpans[0]!.spans.length).toBeGreaterThan(0);
    await options.screenshot('options-privacy');
    await Promise.all([page.close(), options.page.close()]);
  });
});
