/**
 * The pages the page-cost benchmarks load: a page of 20 resources, and one modelled on a real
 * site (about 50 resources, 10 requests while it loads, 3 iframes, one of them cross-site), each
 * with the measuring script in its head.
 */
import type { BenchSite } from './site';

/**
 * The expression for one round of the fetch wrapper's own time in a tab: `calls` fetch() calls
 * the browser refuses at once (GET with a body) through the tab's fetch and through an
 * about:blank frame's (the browser's), in blocks of `block` each way; ms per call, the difference.
 */
export const refusedFetchPair = (calls: number, block: number) =>
  `measureFetchPair(${calls}, { method: 'GET', body: 'x' }, undefined, ${block}).then((p) => p.wrapped - p.native)`;

/** In every page's head: what the benchmarks read, and the long tasks from the first moment. */
export const MEASURE = `<script>
window.longTasks = [];
try { new PerformanceObserver((list) => window.longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true }); } catch {}
// The main-thread time of n fetch() calls issued together, per call (batched: timers are coarse).
window.measureFetch = async (n) => {
  const pending = [];
  const t = performance.now();
  for (let i = 0; i < n; i++) pending.push(fetch('/api/data?' + i));
  const ms = (performance.now() - t) / n;
  await Promise.all(pending.map((p) => p.then((r) => r.text())));
  return ms;
};
// The same, through this tab's own fetch and through the fetch of an about:blank frame, where no
// extension's script runs (content scripts do not match it), in a random order: in a tab with
// Spanlight the difference is the wrapper's own time per call, measured in one tab, call block by
// call block; in a tab without it, both are the browser's and the difference must hold 0.
let nativeFrame;
window.measureFetchPair = async (n, init, to = '/api/data?', size = 20) => {
  if (!nativeFrame) {
    nativeFrame = document.createElement('iframe');
    document.body.append(nativeFrame);
  }
  const url = to;
  const time = async (f, calls) => {
    const pending = [];
    const t = performance.now();
    for (let i = 0; i < calls; i++) pending.push(f(url + i));
    const ms = (performance.now() - t) / calls;
    await Promise.all(pending.map((p) => p.then((r) => r.text(), () => '')));
    return ms;
  };
  const own = (u) => fetch(u, init);
  const frame = (u) => nativeFrame.contentWindow.fetch(u, init);
  // Blocks of size calls, each way in turn (which first, at random): the median block of each.
  const wrapped = [];
  const native = [];
  const first = Math.random() < 0.5;
  for (let block = 0; block < n / size; block++) {
    if (first) wrapped.push(await time(own, size));
    native.push(await time(frame, size));
    if (!first) wrapped.push(await time(own, size));
  }
  const median = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  return { wrapped: median(wrapped), native: median(native) };
};
// The time of n clicks dispatched to a handler, per click.
window.measureClicks = (n) => {
  const b = document.getElementById('buy');
  const t = performance.now();
  for (let i = 0; i < n; i++) b.click();
  return (performance.now() - t) / n;
};
window.loadEvent = () => performance.getEntriesByType('navigation')[0].loadEventEnd;
// Load event end, LCP (0 when the browser reports none within a second) and TBT: the time of
// long tasks beyond 50 ms each, up to the moment of measuring.
window.loadMetrics = () => new Promise((resolve) => {
  const load = performance.getEntriesByType('navigation')[0].loadEventEnd;
  const done = (lcp) => resolve({ load, lcp, tbt: window.longTasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0) });
  new PerformanceObserver((list) => done(list.getEntries().at(-1).startTime)).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => done(0), 1000);
});
</script>`;

const OTEL = '<script src="/bundle/otel-web.js"></script>';

const scripts = (from: number, n: number) => Array.from({ length: n }, (_, i) => `<script src="/res/${from + i}.js"></script>`).join('');
const styles = (from: number, n: number) => Array.from({ length: n }, (_, i) => `<link rel="stylesheet" href="/res/${from + i}.css">`).join('');
const images = (from: number, n: number) => Array.from({ length: n }, (_, i) => `<img src="/res/${from + i}.svg" width="64" height="64" alt="">`).join('');
const BUY = `<button id="buy">Buy</button><script>document.getElementById('buy').addEventListener('click', () => { window.clicks = (window.clicks || 0) + 1; });</script>`;

/** A page of 20 resources. */
export function resourcesPage(otel: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>${otel ? OTEL : ''}${styles(0, 6)}${scripts(0, 6)}${MEASURE}</head>
<body><h1>Cart</h1><img src="/res/99.svg" width="480" height="240" alt="hero"><p>${'Lorem ipsum dolor sit amet. '.repeat(40)}</p>${images(0, 8)}
${BUY}</body></html>`;
}

/**
 * A page like a real site's: 50 resources (10 scripts, 10 stylesheets, 30 images), 10 requests
 * (5 fetch, 5 XHR) made while it loads, and 3 iframes of one small document (a script, a
 * stylesheet, two images: the same URLs in each, cached after the first), the last cross-site
 * (localhost, where the page is 127.0.0.1).
 */
export function sitePage(crossSiteOrigin: string, otel: boolean): string {
  const requests = `<script>
for (let i = 0; i < 5; i++) fetch('/api/data?f' + i).then((r) => r.json());
for (let i = 0; i < 5; i++) { const x = new XMLHttpRequest(); x.open('GET', '/api/data?x' + i); x.send(); }
</script>`;
  const frames = ['/site-frame.html?a', '/site-frame.html?b', `${crossSiteOrigin}/site-frame.html?c`]
    .map((src) => `<iframe src="${src}" width="300" height="120"></iframe>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>News</title>${otel ? OTEL : ''}${styles(100, 10)}${scripts(100, 10)}${MEASURE}${requests}</head>
<body><header><h1>Today</h1><nav>${Array.from({ length: 12 }, (_, i) => `<a href="#s${i}">Section ${i}</a>`).join(' ')}</nav></header>
<img src="/res/199.svg" width="640" height="320" alt="lead"><article>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. </p>'.repeat(30)}</article>
${images(110, 29)}${frames}${BUY}</body></html>`;
}

/** Each iframe of the site page: a small document with a script, a stylesheet and two images. */
export const SITE_FRAME = `<!doctype html><html><head>${styles(200, 1)}${scripts(200, 1)}</head><body><p>ad</p>${images(200, 2)}</body></html>`;

/** Serves every page on `site`. */
export function servePages(site: BenchSite): void {
  site.page('/plain.html', resourcesPage(false));
  site.page('/otel.html', resourcesPage(true));
  const crossSite = site.origin.replace('127.0.0.1', 'localhost');
  site.page('/site.html', sitePage(crossSite, false));
  site.page('/site-otel.html', sitePage(crossSite, true));
  site.page('/site-frame.html', SITE_FRAME);
}
