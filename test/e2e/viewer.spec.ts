/**
 * The full-page viewer in Chromium, on spans the extension captured from a real page whose
 * strings are markup: the page-view list, the canvas waterfall, search (highlight and filter),
 * span detail, the keyboard, the errors, statistics and charts tabs; export to an OTLP file and
 * import it back; a malformed file; the popup's way in. Screenshots go to test-results/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseOtlpFile } from '../../src/otlp/read-file';
import { randomHexId } from '../../src/tracer/ids';
import { ARTIFACTS, openReadyPage, type StoredSpanView } from './support/extension';
import { useFlow } from './support/flow';
import { settledTrace } from './support/settled';

const PAYLOAD = '<img src=x onerror="window.__xss=1">';

async function shot(page: Page, name: string) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `chromium-viewer-${name}.png`) });
}

/** What markup a page string could have made in the viewer: images, the measure's <b>, the flag. */
const injected = (page: Page) =>
  page.evaluate(() => ({ images: document.querySelectorAll('img').length, bold: document.getElementById('xss'), flag: (window as { __xss?: number }).__xss ?? null }));

describe('the viewer in chromium', () => {
  const flow = useFlow('chromium');
  let viewer: Page;
  let trace: StoredSpanView[];
  let exported: string;

  it('shows a stored page view: list, waterfall, search, detail, keyboard and tabs, with page strings as text', async () => {
    const { site, extension } = flow;
    const url = `${site.origin}/plain/viewer.html`;
    const page = await openReadyPage(extension, url);
    await page.click('button');
    const named = async (name: string) => (await extension.storedSpans()).some((s) => s.pageUrl === url && s.name === name);
    await expect.poll(() => named('click')).toBe(true);
    // Closing the tab sends the rest (the vitals are final only then), so the trace is complete.
    await page.close();
    const names = ['exception', 'GET', 'click', 'LCP'];
    trace = await settledTrace(extension, url, (spans) => names.every((n) => spans.some((s) => s.name === n)) && spans.some((s) => s.attributes['spanlight.user_timing']));

    const { context, id } = extension.chromium!;
    viewer = await context.newPage();
    await viewer.setViewportSize({ width: 1400, height: 900 });
    await viewer.goto(`chrome-extension://${id}/viewer.html`);
    // Text at the size the styles set: Chromium gives extension pages `body { font-size: 75% }`.
    expect(await viewer.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('13px');
    await viewer.getByTestId('page-view').filter({ hasText: '/plain/viewer.html' }).first().click();
    const total = () => viewer.getByTestId('waterfall').getAttribute('data-total');
    await expect.poll(total).toBe(String(trace.length));
    expect(new URL(viewer.url()).hash).toBe(`#trace=${trace[0]!.traceId}`);
    await expect.poll(() => viewer.locator('canvas.cw-bars').getAttribute('data-painted')).toBe('1');
    await shot(viewer, 'waterfall');

    // Search: highlight, next match, then filter (the match and its ancestors).
    await viewer.fill('#span-search', 'status:error');
    await expect.poll(() => viewer.getByTestId('search-result').textContent()).toBe('1 of 1 match');
    await viewer.press('#span-search', 'Enter');
    const detail = viewer.getByTestId('span-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('exception');
    expect(await detail.textContent()).toContain(PAYLOAD);
    expect(await viewer.getByTestId('exception-stack').textContent()).toContain('viewer.js');
    await viewer.check('text=Filter');
    await expect.poll(total).toBe('2');
    await viewer.uncheck('text=Filter');
    await viewer.fill('#span-search', 'duration>fast');
    await expect.poll(() => viewer.getByTestId('search-result').textContent()).toMatch(/not a duration/);
    await viewer.fill('#span-search', 'spanlight.user_timing:measure');
    await viewer.press('#span-search', 'Enter');
    await expect.poll(() => detail.locator('h2').textContent()).toBe(`<b id="xss">${PAYLOAD}</b>`);
    await shot(viewer, 'detail');

    // Keyboard: Esc leaves the search; . and , step through spans; [ and ] collapse and expand all; w zooms.
    await viewer.fill('#span-search', '');
    await viewer.press('#span-search', 'Escape');
    await viewer.keyboard.press('Escape');
    await viewer.keyboard.press('.');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('documentLoad');
    await viewer.keyboard.press('.');
    await expect.poll(() => detail.locator('h2').textContent()).not.toBe('documentLoad');
    await viewer.keyboard.press(',');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('documentLoad');
    await viewer.keyboard.press('[');
    await expect.poll(total).toBe('1');
    await viewer.keyboard.press(']');
    await expect.poll(total).toBe(String(trace.length));
    const axis = () => viewer.locator('.cw-axis span').textContent();
    const whole = await axis();
    await viewer.keyboard.press('w');
    await expect.poll(axis).not.toBe(whole);

    // The errors tab links to its span; statistics and charts draw.
    await viewer.getByRole('tab', { name: 'Errors (1)' }).click();
    expect(await viewer.getByTestId('errors').locator('tbody tr').count()).toBe(1);
    await viewer.getByTestId('errors').getByRole('button', { name: 'exception' }).click();
    await expect.poll(() => detail.locator('h2').textContent()).toBe('exception');
    await viewer.getByRole('tab', { name: 'Statistics' }).click();
    await expect.poll(() => viewer.getByTestId('stats').locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    await viewer.getByRole('tab', { name: 'Charts' }).click();
    await expect.poll(() => viewer.locator('[data-testid="chart"] canvas').count()).toBeGreaterThanOrEqual(1);
    await shot(viewer, 'charts');

    expect(await injected(viewer)).toEqual({ images: 0, bold: null, flag: null });
  });

  it('exports the page view as OTLP JSON Lines that read back as the same spans', async () => {
    await viewer.getByRole('tab', { name: 'Waterfall' }).click();
    await viewer.selectOption('select[aria-label="File format"]', 'jsonl');
    const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.click('.export-form button[type="submit"]')]);
    exported = await readFile((await download.path())!, 'utf8');
    const read = parseOtlpFile(exported);
    // What a file adds: each span's resource (its page's) and the document's URL, as export sends them.
    for (const span of read) {
      const stored = trace.find((s) => s.spanId === span.spanId)!;
      expect([span.attributes['browser.document.url.full'], span.resource?.['service.name'], span.scope?.name]).toEqual([stored.pageUrl, new URL(stored.pageUrl).host, 'spanlight']);
    }
    const strip = (s: StoredSpanView | ReturnType<typeof parseOtlpFile>[number]) => ({
      ...s,
      attributes: { ...s.attributes, 'browser.document.url.full': undefined },
      resource: undefined,
      scope: undefined,
      pageUrl: undefined,
      seq: undefined,
      runId: undefined,
      tabId: undefined,
      exported: undefined,
    });
    expect(read.map(strip).sort((a, b) => a.spanId.localeCompare(b.spanId))).toEqual(trace.map(strip).sort((a, b) => a.spanId.localeCompare(b.spanId)));
  });

  it('imports a file as a new page view, once, and refuses a malformed one whole', async () => {
    const { extension } = flow;
    const before = (await extension.storedSpans()).length;
    const traceId = randomHexId(16);
    // A copy in a trace of its own, whose page view links to the original one.
    const request = JSON.parse(exported.replaceAll(trace[0]!.traceId, traceId)) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const original = trace.find((s) => !s.parentSpanId)!;
    const copyRoot = request.resourceSpans.flatMap((r) => r.scopeSpans).flatMap((s) => s.spans).find((s) => !s.parentSpanId)!;
    copyRoot.links = [{ traceId: original.traceId, spanId: original.spanId, flags: 257, attributes: [{ key: 'spanlight.link.type', value: { stringValue: 'top_page_view' } }] }];
    const copy = `${JSON.stringify(request)}\n`;
    await viewer.setInputFiles('[data-testid="import"]', { name: 'copy.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(copy) });
    await expect.poll(() => viewer.getByTestId('viewer-status').textContent()).toBe(`Imported ${trace.length} spans in 1 trace from copy.jsonl.`);
    await expect.poll(() => new URL(viewer.url()).hash).toBe(`#trace=${traceId}`);
    await expect.poll(() => viewer.getByTestId('waterfall').getAttribute('data-total')).toBe(String(trace.length));
    const stored = (await extension.storedSpans()).filter((s) => s.traceId === traceId);
    expect(stored).toHaveLength(trace.length);
    expect(stored.every((s) => s.runId === 'import')).toBe(true);
    await expect.poll(() => viewer.locator('.page-views').textContent()).toContain('imported');
    await shot(viewer, 'imported');
    // The link shows in the root's detail and opens the trace it names.
    await viewer.fill('#span-search', 'documentLoad');
    await viewer.press('#span-search', 'Enter');
    const links = viewer.getByTestId('span-links');
    await expect.poll(() => links.textContent()).toBe(`top_page_view: trace ${original.traceId} span ${original.spanId}`);
    await links.getByRole('link').click();
    await expect.poll(() => new URL(viewer.url()).hash).toBe(`#trace=${original.traceId}`);
    await expect.poll(() => viewer.getByTestId('waterfall').getAttribute('data-total')).toBe(String(trace.length));
    await viewer.fill('#span-search', '');

    // The same file again, and the file exported from the live trace: nothing new is stored.
    await viewer.setInputFiles('[data-testid="import"]', { name: 'again.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(copy) });
    await expect.poll(() => viewer.getByTestId('viewer-status').textContent()).toMatch(/from again\.jsonl \(\d+ were already stored\)/);
    await viewer.setInputFiles('[data-testid="import"]', { name: 'live.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(exported) });
    await expect.poll(() => viewer.getByTestId('viewer-status').textContent()).toMatch(/from live\.jsonl \(\d+ were already stored\)/);
    expect((await extension.storedSpans()).length).toBe(before + trace.length);

    // A second line that is not OTLP: a clear error, and nothing of the first line is stored.
    const fresh = exported.replaceAll(trace[0]!.traceId, randomHexId(16));
    const bad = `${fresh.trim()}\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}\n`;
    await viewer.setInputFiles('[data-testid="import"]', { name: 'bad.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(bad) });
    await expect.poll(() => viewer.getByRole('alert').textContent()).toBe(
      'Could not import bad.jsonl: line 2: .resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits',
    );
    expect((await extension.storedSpans()).length).toBe(before + trace.length);
    expect(await injected(viewer)).toEqual({ images: 0, bold: null, flag: null });
  });

  it('opens from the popup at the tab\'s newest page view', async () => {
    const { extension, site } = flow;
    const { context, id } = extension.chromium!;
    const tab = await openReadyPage(extension, `${site.origin}/plain/viewer.html?again=1`);
    const tabId = await extension.tabIdOf(`${site.origin}/plain/viewer.html?again=1`);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html?tabId=${tabId}`);
    await expect.poll(() => popup.getByTestId('popup-errors').textContent()).toBe('1 error in this page view');
    // The popup's table and the devtools panel show the page's markup strings as text too.
    await expect.poll(() => popup.locator('[data-testid="span-row"]').allTextContents()).toContainEqual(expect.stringContaining(PAYLOAD));
    expect(await injected(popup)).toEqual({ images: 0, bold: null, flag: null });
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${id}/devtools-panel.html?tabId=${tabId}`);
    await expect.poll(async () => Number(await panel.getByTestId('waterfall').getAttribute('data-total'))).toBeGreaterThan(3);
    await panel.getByTestId('waterfall').getByText(PAYLOAD, { exact: false }).first().click();
    await expect.poll(() => panel.locator('body').textContent()).toContain(PAYLOAD);
    expect(await injected(panel)).toEqual({ images: 0, bold: null, flag: null });
    await panel.close();
    const traceId = (await extension.storedSpans()).find((s) => s.name === 'documentLoad' && s.tabId === tabId)!.traceId;
    const [opened] = await Promise.all([context.waitForEvent('page'), popup.getByTestId('open-viewer').click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`chrome-extension://${id}/viewer.html#trace=${traceId}`);
    await expect.poll(() => opened.locator('.trace-head h2').textContent()).toBe(`${site.origin}/plain/viewer.html?again=1`);
    await Promise.all([tab.close(), popup.close(), opened.close(), viewer.close()]);
  });
});
