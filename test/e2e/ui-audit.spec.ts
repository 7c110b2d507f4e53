/**
 * Every UI page in both browsers, on a page view the extension captured and a file another SDK
 * wrote: the text size the styles set; the viewer's layout at 1400, 800 and 600 px with a span
 * selected (the bars keep half the width, nothing overlaps); axe-core on every page and state,
 * light and dark (no serious or critical violation); an imported file's resource and scope
 * written back by export; an exception event shown with its type and stack; the LCP breakdown;
 * a request's phases; zoom to a span and back, the flame chart keeping the window.
 * Screenshots of each state go to test-results/.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { ARTIFACTS, openReadyPage, type TabPage, type StoredSpanView } from './support/extension';
import { useFlow } from './support/flow';
import { settledTrace } from './support/settled';

type Theme = 'light' | 'dark';

/** What a state's serious and critical axe-core violations are, one line each (rule: the first few elements). */
async function violations(page: TabPage): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object', null);
  if (!loaded) await page.runScript(axe.source);
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: typeof axe }).axe;
    const result = await run.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} [${n.any[0]?.message ?? n.failureSummary ?? ''}]`).join(', ')}`);
  }, null);
}

/** The root's theme, as the DevTools panel sets it (the stylesheet honours it before the OS's). */
const setTheme = (page: TabPage, theme: Theme) => page.evaluate((t) => void (document.documentElement.dataset.theme = t), theme);

/** Clicks the tab whose name starts with `name`. */
const openTab = (page: TabPage, name: string) =>
  page.evaluate((n) => {
    const tab = [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => t.textContent?.startsWith(n));
    if (!tab) throw new Error(`no tab ${n}`);
    tab.click();
  }, name);

const text = (page: TabPage, selector: string) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

/** A file as another SDK writes it: a service's resource and scope, a failed request with an OTel `exception` event. */
function otherSdkFile(traceId: string) {
  const kv = (key: string, stringValue: string) => ({ key, value: { stringValue } });
  const t0 = 1_732_172_400_000_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', 'checkout'), kv('service.version', '1.4.2'), kv('deployment.environment.name', 'staging')], droppedAttributesCount: 0 },
        scopeSpans: [
          {
            scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
            schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
            spans: [
              { traceId, spanId: 'a1'.repeat(8), name: 'POST /api/pay', kind: 2, startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 420_000_000n), attributes: [kv('http.request.method', 'POST')], status: {} },
              {
                traceId,
                spanId: 'b2'.repeat(8),
                parentSpanId: 'a1'.repeat(8),
                name: 'charge card',
                kind: 1,
                startTimeUnixNano: String(t0 + 10_000_000n),
                endTimeUnixNano: String(t0 + 400_000_000n),
                status: { code: 2, message: 'card declined' },
                events: [
                  {
                    name: 'exception',
                    timeUnixNano: String(t0 + 390_000_000n),
                    attributes: [kv('exception.type', 'PaymentError'), kv('exception.message', 'card declined'), kv('exception.stacktrace', 'PaymentError: card declined\n    at charge (pay.js:10:5)\n    at handler (server.js:3:1)')],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

/** Gives the viewer's file input `content` as a file named `name`, as a user picking it would. */
const importFile = (page: TabPage, name: string, content: string) =>
  page.evaluate(
    ({ name, content }) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="import"]')!;
      const files = new DataTransfer();
      files.items.add(new File([content], name, { type: 'application/json' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { name, content },
  );

describe.each(BROWSERS)('the UI pages in $browserName', ({ browserName, vitals }) => {
  const flow = useFlow(browserName);
  let trace: StoredSpanView[];
  let tabId: number;
  const shot = async (page: TabPage, name: string) => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot(join(ARTIFACTS, `${browserName}-ui-${name}.png`));
  };
  const poll = <T>(page: TabPage, fn: () => T) => page.evaluate(fn, null);

  it('captures a page view to look at', async () => {
    const { site, extension } = flow;
    const url = `${site.origin}/plain/viewer.html`;
    const page = await openReadyPage(extension, url);
    await page.click('button');
    const spansOf = async () => (await extension.storedSpans()).filter((s) => s.pageUrl === url);
    await expect.poll(async () => (await spansOf()).some((s) => s.name === 'click')).toBe(true);
    tabId = await extension.tabIdOf(url);
    // Leaving hides the page, which sends the rest (as vitals.spec.ts does; Firefox may lose what a
    // page posts as its tab closes): the trace is complete once its LCP and error are in and
    // nothing more comes.
    await page.goto(`${site.origin}/plain/app.html`);
    trace = await settledTrace(extension, url, (spans) => ['exception', 'GET', 'click', 'LCP'].every((n) => spans.some((s) => s.name === n)));
    await page.close();
    expect(vitals).toContain('LCP');
  });

  it('shows 13 px text on every page, and keeps half the viewer for the bars at 1400, 800 and 600 px', async () => {
    const { extension } = flow;
    for (const path of ['viewer.html', `popup.html?tabId=${tabId}`, 'options.html', `devtools-panel.html?tabId=${tabId}`]) {
      const page = await extension.openPage(path);
      await page.waitForSelector('body *');
      expect([path, await page.evaluate(() => getComputedStyle(document.body).fontSize, null)]).toEqual([path, '13px']);
      await page.close();
    }
    const lcp = trace.find((s) => s.name === 'LCP')!;
    const viewer = await extension.openPage(`viewer.html#trace=${lcp.traceId}&span=${lcp.spanId}`);
    for (const width of [1400, 800, 600]) {
      await viewer.setViewport(width, 900);
      await expect.poll(() => text(viewer, '[data-testid="span-detail"] h2')).toBe('LCP');
      await expect.poll(() => poll(viewer, () => document.querySelector('canvas.cw-bars')?.getAttribute('data-painted'))).toBe('1');
      // Measured once the panes have followed the new width (a ResizeObserver's turn).
      const geometry = () =>
        viewer.evaluate((narrow) => {
          const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
          const [bars, detail] = [box('canvas.cw-bars'), box('[data-testid="span-detail"]')];
          const overlap = bars.left < detail.right && detail.left < bars.right && bars.top < detail.bottom && detail.top < bars.bottom;
          // Half the viewer, less the panes' borders; narrow, the detail is a bottom pane.
          const half = bars.width >= document.documentElement.clientWidth / 2 - 4;
          const below = detail.top >= bars.bottom - 1;
          return { half, overlap, placed: narrow ? below : detail.left >= bars.right - 1, sizes: [bars.left, bars.top, bars.width, bars.height, detail.left, detail.top].map(Math.round) };
        }, width < 900);
      await expect.poll(async () => {
        const { sizes, ...rest } = await geometry();
        return { width, ...rest, sizes: rest.half && !rest.overlap && rest.placed ? 'fine' : sizes };
      }).toEqual({ width, half: true, overlap: false, placed: true, sizes: 'fine' });
      await shot(viewer, `layout-${width}`);
    }
    // The LCP's breakdown from its attribution: TTFB, load delay, load duration, render delay.
    await viewer.setViewport(1400, 900);
    await expect
      .poll(() => poll(viewer, () => [...document.querySelectorAll('[data-testid="vital-part"]')].map((p) => p.textContent!.split(/\s\d/)[0]!.trim())))
      .toEqual(['TTFB', 'Load delay', 'Load duration', 'Render delay']);
    await viewer.close();
  });

  it('splits a request into its phases, from the Resource Timing events it carries', async () => {
    const { extension } = flow;
    const request = trace.find((s) => s.name === 'GET')!;
    // The marks as span events, named as OpenTelemetry's web instrumentations name them.
    expect(request.events.map((e) => e.name)).toEqual(expect.arrayContaining(['fetchStart', 'requestStart', 'responseStart', 'responseEnd']));
    const viewer = await extension.openPage(`viewer.html#trace=${request.traceId}&span=${request.spanId}`);
    await viewer.setViewport(1400, 900);
    await expect.poll(() => text(viewer, '[data-testid="span-detail"] h2')).toBe('GET');
    const phases = () => poll(viewer, () => [...document.querySelectorAll('[data-testid="request-phase"] th')].map((th) => th.textContent!.trim()));
    await expect.poll(phases).toEqual(expect.arrayContaining(['Queued and sent', 'Waiting (TTFB)', 'Content download']));
    expect(await text(viewer, '[data-testid="request-protocol"]')).toBe('http/1.1');
    await shot(viewer, 'request-phases');
    // Zoom to the span (z) and back to the whole trace (0); the flame chart keeps the window.
    const range = () => text(viewer, '.cw-axis > span');
    const whole = await range();
    await viewer.press('[data-testid="waterfall"]', 'z');
    await expect.poll(range).not.toBe(whole);
    const zoomed = await range();
    await viewer.click('[data-testid="mode-flame"]');
    await expect.poll(() => poll(viewer, () => !!document.querySelector('[data-testid="flame"]'))).toBe(true);
    expect(await range()).toBe(zoomed);
    await viewer.click('[data-testid="mode-waterfall"]');
    await viewer.press('[data-testid="waterfall"]', '0');
    await expect.poll(range).toBe(whole);
    await viewer.close();
  });

  it('reads another SDK\'s file: its service, scope and exception shown, and written back by export', async () => {
    const { extension } = flow;
    const viewer = await extension.openPage('viewer.html');
    await viewer.setViewport(1400, 900);
    await viewer.waitForSelector('[data-testid="import"]');
    const traceId = 'c3'.repeat(16);
    await importFile(viewer, 'checkout.json', otherSdkFile(traceId));
    await expect.poll(() => text(viewer, '[data-testid="viewer-status"]')).toBe('Imported 2 spans in 1 trace from checkout.json.');
    await expect.poll(() => poll(viewer, () => location.hash)).toBe(`#trace=${traceId}`);
    // The exception event: its type and message, and the stack as lines.
    await viewer.evaluate((h) => void (location.hash = h), `trace=${traceId}&span=${'b2'.repeat(8)}`);
    await expect.poll(() => text(viewer, '[data-testid="span-detail"] h2')).toBe('charge card');
    expect(await text(viewer, '[data-testid="span-service"]')).toBe('checkout');
    expect(await text(viewer, '[data-testid="span-scope"]')).toBe('Instrumentation scope: @opentelemetry/instrumentation-http 0.57.0');
    expect(await poll(viewer, () => [...document.querySelectorAll('[data-testid="span-detail"] section')].find((s) => s.querySelector('h3')?.textContent === 'Exception')?.querySelector('p')?.textContent)).toBe(
      'PaymentError: card declined',
    );
    expect((await text(viewer, '[data-testid="exception-stack"]'))!.split('\n')).toEqual(['PaymentError: card declined', '    at charge (pay.js:10:5)', '    at handler (server.js:3:1)']);
    await openTab(viewer, 'Errors');
    await expect.poll(() => text(viewer, '[data-testid="errors"] tbody')).toContain('PaymentError');
    await openTab(viewer, 'Waterfall');
    await shot(viewer, 'imported-exception');

    // Export this page view as OTLP JSON: what the download would hold, taken at createObjectURL.
    const file = await viewer.evaluate(async () => {
      const blobs: Blob[] = [];
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob) => (blobs.push(blob), create.call(URL, blob));
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        if (!this.download) click.call(this);
      };
      document.querySelector<HTMLSelectElement>('select[aria-label="File format"]')!.value = 'json';
      document.querySelector<HTMLSelectElement>('select[aria-label="File format"]')!.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve));
      document.querySelector<HTMLButtonElement>('.export-form button[type="submit"]')!.click();
      for (let i = 0; i < 200 && !blobs.length; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      URL.createObjectURL = create;
      HTMLAnchorElement.prototype.click = click;
      return blobs[0]?.text();
    }, null);
    expect(file).toBeTypeOf('string');
    const written = JSON.parse(file!) as { resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { scope: unknown; schemaUrl: string; spans: { spanId: string; events?: { name: string }[] }[] }[] }[] };
    const original = JSON.parse(otherSdkFile(traceId)) as typeof written;
    expect(written.resourceSpans).toHaveLength(1);
    const [resourceSpans] = written.resourceSpans;
    expect(resourceSpans!.resource.attributes).toEqual(original.resourceSpans[0]!.resource.attributes);
    expect(resourceSpans!.scopeSpans.map((s) => [s.scope, s.schemaUrl, s.spans.map((x) => x.spanId)])).toEqual([
      [{ name: '@opentelemetry/instrumentation-http', version: '0.57.0' }, 'https://opentelemetry.io/schemas/1.30.0', ['a1'.repeat(8), 'b2'.repeat(8)]],
    ]);
    expect(resourceSpans!.scopeSpans[0]!.spans[1]!.events!.map((e) => e.name)).toEqual(['exception']);
    await viewer.close();
  });

  it('has no serious or critical accessibility violation on any page or state, light or dark', async () => {
    const { extension } = flow;
    const root = trace.find((s) => s.name === 'documentLoad')!;
    const failed = trace.find((s) => s.name === 'exception')!;
    const found: string[] = [];
    const audit = async (page: TabPage, state: string) => {
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(page, theme);
        for (const line of await violations(page)) found.push(`${state}, ${theme}: ${line}`);
        await shot(page, `${state}-${theme}`);
      }
    };
    const viewer = await extension.openPage('viewer.html');
    await viewer.setViewport(1400, 900);
    await viewer.waitForSelector('[data-testid="page-view"]');
    await audit(viewer, 'viewer-list');
    await viewer.evaluate((h) => void (location.hash = h), `trace=${root.traceId}&span=${failed.spanId}`);
    await expect.poll(() => text(viewer, '[data-testid="span-detail"] h2')).toBe('exception');
    await expect.poll(() => poll(viewer, () => document.querySelector('canvas.cw-bars')?.getAttribute('data-painted'))).toBe('1');
    await audit(viewer, 'viewer-waterfall');
    await viewer.click('[data-testid="mode-flame"]');
    await viewer.waitForSelector('[data-testid="flame"]');
    await audit(viewer, 'viewer-flame');
    await viewer.click('[data-testid="mode-waterfall"]');
    await viewer.waitForSelector('[data-testid="waterfall"]');
    for (const tab of ['Errors', 'Events', 'Statistics', 'Charts']) {
      await openTab(viewer, tab);
      await expect.poll(() => poll(viewer, () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent ?? '')).toMatch(new RegExp(`^${tab}`));
      await audit(viewer, `viewer-${tab.toLowerCase()}`);
    }
    await openTab(viewer, 'Waterfall');
    await viewer.setViewport(600, 900);
    await expect.poll(() => text(viewer, '[data-testid="span-detail"] h2')).toBe('exception');
    await audit(viewer, 'viewer-narrow');
    await viewer.close();

    const popup = await extension.openPage(`popup.html?tabId=${tabId}`);
    await popup.waitForSelector('[data-testid="span-row"]');
    await audit(popup, 'popup');
    await popup.close();
    const panel = await extension.openPage(`devtools-panel.html?tabId=${tabId}`);
    await panel.setViewport(800, 600);
    await panel.waitForSelector('[data-testid="waterfall"]');
    await audit(panel, 'panel');
    await panel.close();
    const options = await extension.openPage('options.html');
    await options.waitForSelector('input[name="endpoint"]');
    await audit(options, 'options');
    // A value the page refuses: its field marked and described.
    await options.type('input[name="endpoint"]', 'not a url');
    await options.click('button[type="submit"]');
    await expect.poll(() => poll(options, () => document.querySelector('input[name="endpoint"]')?.getAttribute('aria-invalid'))).toBe('true');
    await audit(options, 'options-invalid');
    await options.close();
    expect(found).toEqual([]);
  });
});
