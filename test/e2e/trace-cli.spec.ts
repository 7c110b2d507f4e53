/**
 * `spanlight trace`, run as a user runs it (node bin/spanlight.mjs), against the local test
 * site: a page within budget exits 0, one over budget exits 1 and names the assertion, a bad
 * budget file and an unreachable URL exit 2; the OTLP file imports as the viewer reads it, the
 * JUnit file is JUnit XML with the failures marked; --runs and --flow work (a flow's click
 * yields an INP value); --endpoint delivers to a strict receiver.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOtlpFile } from '../../src/otlp/read-file';
import { parseXml, type XmlElement } from '../support/xml';
import { ROOT } from './support/extension';
import { startReceiver, type OtlpReceiver } from './support/receiver';
import { startTestSite, type TestSite } from './support/server';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command and resolves to its exit code and output (never rejects on a non-zero exit). */
function spanlight(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin', 'spanlight.mjs'), ...args], { cwd: ROOT, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Every element named `name` in `root`'s tree. */
const all = (root: XmlElement, name: string): XmlElement[] => [...(root.name === name ? [root] : []), ...root.children.flatMap((c) => all(c, name))];

describe('spanlight trace', () => {
  let site: TestSite;
  let receiver: OtlpReceiver;
  let dir: string;
  beforeAll(async () => {
    [site, receiver, dir] = await Promise.all([startTestSite(), startReceiver(), mkdtemp(join(tmpdir(), 'spanlight-trace-test-'))]);
  });
  afterAll(async () => {
    await Promise.all([site?.close(), receiver?.close(), dir && rm(dir, { recursive: true, force: true })]);
  });
  const file = (name: string) => join(dir, name);
  const budget = async (name: string, content: unknown) => {
    await writeFile(file(name), typeof content === 'string' ? content : JSON.stringify(content));
    return file(name);
  };

  it('exits 0 within budget and writes OTLP the viewer imports, JSON per run, and JUnit XML', async () => {
    const url = `${site.origin}/plain/app.html`;
    const within = await budget('within.json', { aggregate: 'max', assertions: { FCP: 60_000, errors: 100, requests: 500, 'span:documentLoad': 60_000 } });
    const result = await spanlight('trace', url, '--runs', '2', '--budget', within, '--otlp', file('out.json'), '--json', file('metrics.json'), '--junit', file('junit.xml'));
    expect(result.stderr).toContain(`${url}: run 2 of 2`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(url);
    expect(result.stdout).toMatch(/documentLoad/);
    expect(result.stdout).toMatch(/4 of 4 assertions passed/);

    const spans = parseOtlpFile(await readFile(file('out.json'), 'utf8'));
    expect(spans.filter((s) => s.name === 'documentLoad')).toHaveLength(2);
    expect(new Set(spans.map((s) => s.traceId)).size).toBeGreaterThanOrEqual(2);

    const metrics = JSON.parse(await readFile(file('metrics.json'), 'utf8')) as { urls: { url: string; metrics: Record<string, { values: (number | null)[]; median: number | null }> }[] };
    expect(metrics.urls[0]!.url).toBe(url);
    expect(metrics.urls[0]!.metrics.FCP!.values).toHaveLength(2);
    expect(metrics.urls[0]!.metrics.FCP!.values.every((v) => typeof v === 'number' && v > 0)).toBe(true);

    // Strict XML: parseXml throws on anything that is not well-formed.
    const xml = parseXml(await readFile(file('junit.xml'), 'utf8'));
    expect(all(xml, 'testcase').map((c) => c.attributes.name).sort()).toEqual(['FCP', 'errors', 'requests', 'span:documentLoad']);
    expect(all(xml, 'failure')).toHaveLength(0);
  });

  it('exits 1 over budget, names the assertion, and marks it failed in the JUnit file', async () => {
    const url = `${site.origin}/plain/app.html?over`;
    const over = await budget('over.json', { assertions: { requests: 1, FCP: 60_000 } });
    const result = await spanlight('trace', url, '--runs', '1', '--budget', over, '--junit', file('over.xml'), '--quiet');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/✗ requests/);
    expect(result.stdout).toMatch(/1 of 2 assertions passed/);
    const xml = parseXml(await readFile(file('over.xml'), 'utf8'));
    const failed = all(xml, 'testcase').filter((c) => all(c, 'failure').length);
    expect(failed.map((c) => c.attributes.name)).toEqual(['requests']);
    expect(all(xml, 'testsuite')[0]!.attributes.failures).toBe('1');
  });

  it('exits 2 for a bad budget file, naming the key, and for an unreachable URL', async () => {
    const bad = await budget('bad.json', { assertions: { LCPP: 2500 } });
    const unknown = await spanlight('trace', `${site.origin}/plain/app.html`, '--budget', bad);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/LCPP/);
    const broken = await spanlight('trace', `${site.origin}/plain/app.html`, '--budget', await budget('broken.json', '{ "assertions": '));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json/);
    const unreachable = await spanlight('trace', 'http://127.0.0.1:1/nothing', '--runs', '1');
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/could not load http:\/\/127\.0\.0\.1:1\/nothing/);
    const usage = await spanlight('trace', '--runs', '0', `${site.origin}/`);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--runs must be a whole number/);
  });

  it('waits for what a flow starts after the page went quiet, and closes the tabs the run opened', async () => {
    const flow = file('late-flow.mjs');
    // Once the page is quiet, the flow starts a 2 s request and opens a popup, and returns at once.
    await writeFile(
      flow,
      "export default async (page) => {\n  await page.waitForLoadState('networkidle');\n  await page.evaluate(() => { void fetch('/api/slow'); window.open('/plain/app.html?popup'); });\n};\n",
    );
    const late = await budget('late.json', { aggregate: 'max', assertions: { 'span:GET /api/slow': 60_000 } });
    const result = await spanlight('trace', `${site.origin}/plain/app.html?late`, '--runs', '1', '--flow', flow, '--budget', late, '--json', file('late.json.out'));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const metrics = JSON.parse(await readFile(file('late.json.out'), 'utf8')) as { urls: { metrics: Record<string, { values: (number | null)[] }> }[] };
    expect(metrics.urls[0]!.metrics['span:GET /api/slow']!.values[0]).toBeGreaterThanOrEqual(2000);
  });

  it('runs in Firefox too: within budget, a Puppeteer flow, and every span delivered to --endpoint', async () => {
    const url = `${site.origin}/plain/vitals.html?firefox`;
    const flow = file('firefox-flow.mjs');
    // After the page's late banner has moved the button (data-ready): a click as it moves can miss it.
    await writeFile(flow, "export default async (page) => {\n  await page.waitForSelector('html[data-ready=\"1\"]');\n  await page.click('#slow');\n  await page.waitForSelector('html[data-clicked=\"1\"]');\n};\n");
    const within = await budget('firefox.json', { aggregate: 'max', assertions: { FCP: 60_000, LCP: 60_000, requests: 500 } });
    const result = await spanlight('trace', url, '--browser', 'firefox', '--runs', '1', '--flow', flow, '--budget', within, '--otlp', file('firefox.json'), '--endpoint', receiver.endpoint);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/3 of 3 assertions passed/);
    const spans = parseOtlpFile(await readFile(file('firefox.json'), 'utf8'));
    expect(spans.find((s) => s.name === 'documentLoad')?.attributes['url.full']).toBe(url);
    // The flow's click is a span: the page was driven.
    expect(spans.some((s) => s.name === 'click')).toBe(true);
    // Sent by Firefox's own export: its user agent on the resource.
    expect(receiver.spans.filter((r) => String(r.resource['user_agent.original']).includes('Firefox/')).length).toBeGreaterThan(0);
    const received = new Set(receiver.spans.map((s) => s.spanId));
    expect(spans.filter((s) => !received.has(s.spanId))).toEqual([]);
  });

  it('runs a flow, whose click gives INP, and delivers every span to --endpoint', async () => {
    const flow = file('flow.mjs');
    // The page marks when the browser has timed the interaction (test/e2e/pages/vitals.js), as a flow
    // would wait for what its click shows.
    await writeFile(flow, "export default async (page) => {\n  await page.click('#slow');\n  await page.waitForSelector('html[data-timed=\"1\"]');\n};\n");
    const url = `${site.origin}/plain/vitals.html`;
    const result = await spanlight('trace', url, '--runs', '1', '--flow', flow, '--json', file('flow.json'), '--otlp', file('flow.jsonl'), '--endpoint', receiver.endpoint);
    expect(result.code, result.stderr).toBe(0);
    const metrics = JSON.parse(await readFile(file('flow.json'), 'utf8')) as { urls: { metrics: Record<string, { values: (number | null)[] }> }[] };
    expect(metrics.urls[0]!.metrics.INP!.values[0]).toBeGreaterThan(0);
    const spans = parseOtlpFile(await readFile(file('flow.jsonl'), 'utf8'));
    expect(spans.some((s) => s.name === 'INP')).toBe(true);
    // Every span the run stored reached the strict receiver through the extension's own export.
    expect(receiver.errors).toEqual([]);
    const received = new Set(receiver.spans.map((s) => s.spanId));
    expect(spans.filter((s) => !received.has(s.spanId))).toEqual([]);
  });
});
