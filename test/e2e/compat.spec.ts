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
import { launchPlain, launchWithExtension, type CompatBrowser } from './support/compat-browser';
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

  async function visit(browser: CompatBrowser, caseName: string): Promise<Observed> {
    const run = `${browser.withExtension ? 'e' : 'p'}${visits++}-${caseName}`;
    const seen = await browser.visit(`${site.origin}/r/${run}/compat/${caseName}.html`);
    return observed(seen, site.record(run));
  }
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
