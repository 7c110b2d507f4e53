/**
 * Span rules, in Chromium and in Firefox: OTTL rules set in the settings change exactly the spans
 * they name, as a strict receiver gets them (a request dropped by its URL, an attribute set on
 * the client spans, a key deleted from every span), and rules that do not compile leave capture
 * working: the other statements run, every other span arrives as it would without them, and the
 * options page and the status say which statements were left out and where.
 */
import { describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../support/otlp';
import { BROWSERS } from './browsers';
import { openReadyPage, type LoadedExtension, type StoredSpanView } from './support/extension';
import { useFlow } from './support/flow';
import { OptionsPage } from './support/pages';

/** The requests of the test page (test/e2e/pages/app.js) the rules are checked on, by the end of their URL. */
const REQUESTS = ['/api/data?token=REDACTED&q=shoes', '/api/xhr', '/api/missing', '/api/xhr?once', '/api/xhr?unread'];
const urlOf = (s: { attributes: Record<string, unknown> }) => String(s.attributes['url.full'] ?? '');
/** OTLP's SpanKind for a client span. */
const CLIENT = 3;

const RULES = {
  drop: ['IsMatch(attributes["url.full"], "/api/missing$")'],
  transform: ['set(attributes["rules.client"], true) where kind == SPAN_KIND_CLIENT', 'delete_key(attributes, "http.response.status_code")'],
};

/** The spans of the page view of `url` once its root and the requests ending as `requests` do have arrived. */
function traceOf(url: string, requests: readonly string[]) {
  return (spans: ReceivedSpan[]) => {
    const root = spans.find((s) => s.name === 'documentLoad' && s.attributes['url.full'] === url);
    const trace = root ? spans.filter((s) => s.traceId === root.traceId) : [];
    return requests.every((end) => trace.some((s) => urlOf(s).endsWith(end))) ? { root: root!, trace } : undefined;
  };
}

/**
 * Resolves once the background applies the rules just set: the background reads the settings
 * when they change, so a page opened at once could have its first batch stored before. A probe
 * page is opened until one of its spans is stored as `applied` says the rules make it.
 */
async function rulesInForce(extension: LoadedExtension, url: string, applied: (span: StoredSpanView) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let attempt = 0; ; attempt++) {
    const probe = `${url}&attempt=${attempt}`;
    const page = await openReadyPage(extension, probe);
    const seen = await expect
      .poll(async () => (await extension.storedSpans()).some((s) => s.pageUrl === probe && applied(s)), { timeout: 3000 })
      .toBe(true)
      .then(() => true, () => false);
    await page.close();
    if (seen) return;
    if (Date.now() > deadline) throw new Error(`the rules were not applied to ${url} within 30 s`);
  }
}

describe.each(BROWSERS)('span rules in $browserName', ({ browserName }) => {
  // The endpoint saved through the options page, as a user does: Firefox asks its data consent there.
  const flow = useFlow(browserName, { prepare: (options) => options.setInterval(1) });

  it('change exactly the spans they name at the receiver: one request dropped, client spans marked, a key deleted', async () => {
    const { site, receiver, extension } = flow;
    const droppedBefore = (await extension.status())?.dropped.rule ?? 0;
    await extension.setSettings({ export: { endpoint: receiver.endpoint, intervalSeconds: 1 }, rules: RULES });
    await rulesInForce(extension, `${site.origin}/plain/app.html?rules-probe`, (s) => s.attributes['rules.client'] === true);
    const url = `${site.origin}/plain/app.html?rules`;
    const page = await openReadyPage(extension, url);
    const kept = REQUESTS.filter((r) => r !== '/api/missing');
    await receiver.waitFor((spans) => traceOf(url, kept)(spans) !== undefined);
    // Export sends pending spans in order: once the page's last requests are in, so is what came before them.
    await expect.poll(async () => (await extension.storedSpans()).filter((s) => s.pageUrl === url && !s.exported).length, { timeout: 20_000 }).toBe(0);
    const { root, trace } = traceOf(url, kept)(receiver.spans)!;

    // The drop condition: the one request it names, and only it.
    expect(trace.filter((s) => urlOf(s).endsWith('/api/missing'))).toEqual([]);
    for (const end of kept) expect(trace.some((s) => urlOf(s).endsWith(end)), end).toBe(true);
    expect(root.parentSpanId).toBe('');
    // The transform statements: client spans and only them marked; the key gone from every span.
    expect(trace.some((s) => s.kind === CLIENT)).toBe(true);
    for (const span of trace) {
      expect(span.attributes['rules.client'] === true, `${span.name} ${urlOf(span)}`).toBe(span.kind === CLIENT);
      expect(span.types['rules.client'] ?? 'boolValue').toBe('boolValue');
      expect(span.attributes).not.toHaveProperty('http.response.status_code');
    }
    // Everything else as without rules: the redaction before them, the session, the page's resource.
    expect(trace.find((s) => urlOf(s).includes('/api/data'))!.attributes['url.full']).toMatch(/token=REDACTED/);
    expect(new Set(trace.map((s) => s.attributes['session.id'])).size).toBe(1);
    expect(root.resource).toMatchObject({ 'service.name': new URL(site.origin).host });
    // What is stored is what was sent: the rules ran before either.
    const stored = (await extension.storedSpans()).filter((s) => s.traceId === root.traceId);
    const received = new Set(receiver.spans.filter((s) => s.traceId === root.traceId).map((s) => s.spanId));
    expect(stored.filter((s) => s.exported).every((s) => received.has(s.spanId))).toBe(true);
    expect([...received].every((id) => stored.some((s) => s.spanId === id))).toBe(true);
    expect(stored.some((s) => urlOf(s).endsWith('/api/missing') || s.attributes['http.response.status_code'] !== undefined)).toBe(false);
    // Counted, and not as a loss.
    await expect.poll(async () => ((await extension.status())?.dropped.rule ?? 0) - droppedBefore).toBeGreaterThanOrEqual(1);
    expect((await extension.status())?.rules).toMatchObject({ problems: [], errors: 0 });
    expect((await extension.status())?.rules.off).toBeUndefined();
    await page.close();
  });

  it('leaves capture working with rules that do not compile: the others run, every other span arrives unchanged, the problems are shown', async () => {
    const { site, receiver, extension } = flow;
    const rules = {
      drop: ['attributes["url.full"] =='],
      transform: ['set(attributes["rules.root"], true) where name == "documentLoad"', 'set(name "x")'],
    };
    await extension.setSettings({ export: { endpoint: receiver.endpoint, intervalSeconds: 1 }, rules });
    await rulesInForce(extension, `${site.origin}/plain/app.html?malformed-probe`, (s) => s.name === 'documentLoad' && s.attributes['rules.root'] === true);
    const url = `${site.origin}/plain/app.html?malformed`;
    const page = await openReadyPage(extension, url);
    await receiver.waitFor((spans) => traceOf(url, REQUESTS)(spans) !== undefined);
    const { root, trace } = traceOf(url, REQUESTS)(receiver.spans)!;

    // The malformed drop condition drops nothing; the malformed statement renames nothing.
    expect(trace.find((s) => urlOf(s).endsWith('/api/missing'))!.attributes['http.response.status_code']).toBe(404);
    expect(trace.some((s) => s.name === 'x')).toBe(false);
    // The statement that compiles runs, on the span it names only.
    expect(root.attributes['rules.root']).toBe(true);
    expect(new Set(trace.filter((s) => s.attributes['rules.root'] !== undefined).map((s) => s.spanId))).toEqual(new Set([root.spanId]));
    expect(trace.every((s) => s.attributes['rules.client'] === undefined)).toBe(true);

    // The status names each statement left out, and where it fails.
    await expect
      .poll(async () => (await extension.status())?.rules.problems.map((p) => [p.list, p.index, p.line, p.column]))
      .toEqual([
        ['drop', 0, 1, 26],
        ['transform', 1, 1, 10],
      ]);
    // The options page too: in the status, and under each box, by statement, line and column.
    const options = await OptionsPage.open(extension);
    await expect.poll(() => options.rulesLeftOut()).toMatch(/drop statement 1 \("attributes\["url\.full"\] =="\), line 1, column 26: /);
    await expect.poll(() => options.ruleProblems('drop')).toMatch(/^drop statement 1, line 1, column 26: expected a value/);
    await expect.poll(() => options.ruleProblems('transform')).toMatch(/^transform statement 2, line 2, column 10: /);
    // The preview runs the rules on the spans just stored: the one that compiles changes the roots among them.
    await expect.poll(() => options.rulesPreview()).toMatch(/^0 of \d+ would be dropped; \d+ changed; 0 failures; /);
    await options.screenshot('options-rules-problems');
    // Saving them through the form is refused until they are fixed.
    await options.page.click('button[type="submit"]');
    await expect.poll(() => options.feedback()).toMatch(/drop statement 1, line 1, column 26: /);
    expect(await options.page.evaluate(() => document.querySelector('textarea[name="rulesDrop"]')?.getAttribute('aria-invalid'), null)).toBe('true');
    await Promise.all([page.close(), options.page.close()]);
  });
});
