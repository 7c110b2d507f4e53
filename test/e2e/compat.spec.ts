/**
 * Compatibility: a page must not be able to tell that Spanlight is installed. Each case (a page in
 * test/e2e/pages/compat, driving a real library or a platform feature) is visited the same way in
 * a browser without the extension and in one with it, and everything the page, the browser's
 * console and the site's server saw is compared for equality. A control visits every case twice
 * without the extension, so a difference is the extension's, not noise of the comparison.
 *
 * Every difference is also appended, one line each, to /tmp/compat-findings.md (COMPAT_FINDINGS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS } from './browsers';
import { launchChromiumAllowed, launchPlain, launchWithExtension, type CompatBrowser } from './support/compat-browser';
import { differences, observed, startFindings, writeFindings, type Observed } from './support/compat-compare';
import { startCompatSite, type CompatSite } from './support/compat-site';

/** The cases, by page name; the comment says what each one drives. */
const CASES = [
  'native-look', // toString, name, length, prototype, new, descriptors of every wrapped API
  'globals', // top-level const/let/class of our names, window keys, leaked globals
  'fetch-basic', // fetch with strings, URLs, Requests, bodies, clones, then-order
  'fetch-errors', // network, URL, method and abort failures, handled and unhandled
  'xhr', // events and states in order, errors thrown by open/send/setRequestHeader
  'getters', // calls to the page's own getters, toString and methods
  'patched-platform', // calls reaching a page's patched setTimeout, then, addEventListener, …
  'streams', // ReadableStream request and response bodies
  'beacons', // fetch keepalive, navigator.sendBeacon
  'eventsource', // server-sent events
  'websocket', // WebSocket echo and close
  'trusted-types', // require-trusted-types-for 'script'
  'strict-csp', // script-src 'self' with report-uri
  'frozen-intrinsics', // Object.freeze of the platform's prototypes
  'errors', // errors, rejections, reportError, resource errors, console
  'interactions', // click(), requestSubmit(), history navigation
  'zone', // zone.js
  'sentry', // @sentry/browser
  'ses', // ses lockdown()
  'axios', // axios, XHR and fetch adapters
  'jquery', // jquery $.ajax
  'lodash', // lodash _.isNative
  'router-history', // history (React Router's)
  'router-page', // page.js
  'ky', // ky
  'pdfjs', // pdfjs-dist, with its module worker
  'react', // react and react-dom
] as const;

/** Visits `caseName` in `browser` as run `run` (its path prefix): what the page, the console and the site saw. */
async function visitCase(site: CompatSite, browser: CompatBrowser, run: string, caseName: string): Promise<Observed> {
  return observed(await browser.visit(`${site.origin}/r/${run}/compat/${caseName}.html`), site.record(run));
}

describe.each(BROWSERS.map((b) => [b.browserName] as const))('compatibility in %s', (browserName) => {
  let site: CompatSite;
  let plain: CompatBrowser;
  let extension: CompatBrowser;
  let visits = 0;
  /** The first visit of each case without the extension: compared with the extension's and the control's. */
  const firstPlain = new Map<string, Promise<Observed>>();

  beforeAll(async () => {
    site = await startCompatSite();
    // One after the other: two browsers starting at once on two cores slow each other's start-up.
    plain = await launchPlain(browserName);
    extension = await launchWithExtension(browserName);
    startFindings(`${browserName}`);
  }, 120_000);
  afterAll(async () => {
    await plain?.close();
    await extension?.close();
    await site?.close();
  });

  const visit = (browser: CompatBrowser, caseName: string) => visitCase(site, browser, `${browser.withExtension ? 'e' : 'p'}${visits++}-${caseName}`, caseName);
  const withoutExtension = (caseName: string) => {
    if (!firstPlain.has(caseName)) firstPlain.set(caseName, visit(plain, caseName));
    return firstPlain.get(caseName)!;
  };

  it.each(CASES)('%s: the page observes the same with the extension as without', async (caseName) => {
    let without = await withoutExtension(caseName);
    let withIt = await visit(extension, caseName);
    const first = differences(withIt, without);
    writeFindings(browserName, caseName, ['with', 'without'], first);
    if (first.length) {
      // A difference counts when it comes again on a second pair of visits: a page's own timing
      // (a request that may or may not reach the server before its abort) can differ once
      // between any two visits; what the extension changes differs every time.
      without = await visit(plain, caseName);
      withIt = await visit(extension, caseName);
      writeFindings(`${browserName} (again)`, caseName, ['with', 'without'], differences(withIt, without));
    }
    expect(withIt).toEqual(without);
  });

  it('control: two visits without the extension observe the same', async () => {
    const noisy: string[] = [];
    for (const caseName of CASES) {
      const first = await withoutExtension(caseName);
      const second = await visit(plain, caseName);
      const diffs = differences(second, first);
      writeFindings(`${browserName} (control)`, caseName, ['second', 'first'], diffs);
      noisy.push(...diffs.map((d) => `${caseName}: ${d.path}`));
    }
    expect(noisy).toEqual([]);
  }, 180_000);

  it('the extension was running and traced the visits it was compared in', async () => {
    const run = `e${visits++}-fetch-basic`;
    await extension.visit(`${site.origin}/r/${run}/compat/fetch-basic.html`);
    // Without this, an extension that failed to load would make every comparison pass.
    await expect
      .poll(async () => (await extension.storedSpans!()).some((s) => String(s.attributes['url.full']).includes(`/r/${run}/api/json`)), { timeout: 15_000 })
      .toBe(true);
  });
});

/**
 * Chromium with the browser's view of the network allowed (the options page's opt-in): the cases
 * that make requests, sockets and workers. What the page sees stays the same; what Chromium's
 * console prints for a failed WebSocket handshake loses its reason, the one difference the
 * options page names beside the box. Any other difference fails.
 */
describe('compatibility in chromium, the browser’s view of the network allowed', () => {
  const NETWORK_CASES = ['fetch-basic', 'fetch-errors', 'xhr', 'streams', 'beacons', 'eventsource', 'websocket', 'errors', 'pdfjs'] as const;
  let site: CompatSite;
  let plain: CompatBrowser;
  let allowed: CompatBrowser;
  let visits = 0;

  beforeAll(async () => {
    site = await startCompatSite();
    plain = await launchPlain('chromium');
    allowed = await launchChromiumAllowed();
    startFindings('chromium, network allowed');
  }, 180_000);
  afterAll(async () => {
    await plain?.close();
    await allowed?.close();
    await site?.close();
  });

  const visit = (browser: CompatBrowser, caseName: string) => visitCase(site, browser, `${browser.withExtension ? 'n' : 'q'}${visits++}-${caseName}`, caseName);
  /** A console line that differs only in a failed handshake's reason. */
  const HANDSHAKE = /^error: WebSocket connection to '[^']*' failed: /;

  it.each(NETWORK_CASES)('%s: the page observes the same', async (caseName) => {
    const without = await visit(plain, caseName);
    const withIt = await visit(allowed, caseName);
    const diffs = differences(withIt, without);
    writeFindings('chromium, network allowed', caseName, ['with', 'without'], diffs);
    const other = diffs.filter((d) => !(d.path.startsWith('console') && HANDSHAKE.test(String(d.a)) && HANDSHAKE.test(String(d.b))));
    expect(other).toEqual([]);
    // The difference the options page names is there, so that sentence is still true.
    if (caseName === 'websocket') expect(diffs.map((d) => [d.path, d.a])).toEqual([[expect.stringMatching(/^console/), expect.stringMatching(/failed: $/)]]);
  });

  it('the browser’s view was in effect in those visits', async () => {
    const run = `n${visits++}-beacons`;
    await allowed.visit(`${site.origin}/r/${run}/compat/beacons.html`);
    await expect
      .poll(async () => (await allowed.storedSpans!()).some((s) => s.attributes['spanlight.request.seen_by'] === 'webRequest' && String(s.attributes['url.full']).includes(`/r/${run}/`)), { timeout: 30_000 })
      .toBe(true);
  }, 60_000);
});
