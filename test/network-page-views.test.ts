import { describe, expect, it } from 'vitest';
import { PageViews, requestOrigin } from '../src/background/network/page-views';

const view = (tabId: number, traceId: string, url: string, timeOrigin: number, frameId = 0) => ({
  page: { traceId, rootSpanId: 'r'.repeat(16), timeOrigin, url },
  tabId,
  frameId,
  origin: new URL(url).origin,
  hosts: [new URL(url).hostname],
});

describe('page views', () => {
  it('places a request before and after a route change in its own page view', () => {
    const views = new PageViews();
    views.named(view(1, 'a', 'https://app.test/', 1000), 1500);
    views.named(view(1, 'b', 'https://app.test/next', 1000), 5000);
    expect(views.at(1, 0, 4000)?.page.traceId).toBe('a');
    expect(views.at(1, 0, 6000)?.page.traceId).toBe('b');
    expect(views.at(1, 0, 500)).toBeUndefined();
    expect(views.at(2, 0, 6000)).toBeUndefined();
  });
  it('begins a new document at its time origin', () => {
    const views = new PageViews();
    views.named(view(1, 'a', 'https://app.test/', 1000), 1500);
    views.named(view(1, 'c', 'https://app.test/', 8000), 9000);
    expect(views.at(1, 0, 8500)?.page.traceId).toBe('c');
  });
  it('places a request the old document made as it was left in its view, by the document the browser names', () => {
    const views = new PageViews();
    views.named(view(1, 'old', 'https://app.test/cart', 1000), 1500);
    views.named(view(1, 'old-route', 'https://app.test/cart/pay', 1000), 3000);
    // The next document's time origin (its navigation's start) comes before the old one's pagehide.
    views.named(view(1, 'next', 'https://app.test/thanks', 8000), 9000);
    // A keepalive fetch at the old document's pagehide, made after 8000: Firefox names the old document.
    expect(views.at(1, 0, 8200, { documentUrl: 'https://app.test/cart/pay' })?.page.traceId).toBe('old-route');
    // Named by the document's first URL (route changes aside), it is still the view current then.
    expect(views.at(1, 0, 8200, { documentUrl: 'https://app.test/cart#top' })?.page.traceId).toBe('old-route');
    expect(views.at(1, 0, 2000, { documentUrl: 'https://app.test/cart' })?.page.traceId).toBe('old');
    // Not named, or named by a worker's script: by time alone.
    expect(views.at(1, 0, 8200)?.page.traceId).toBe('next');
    expect(views.at(1, 0, 8200, { documentUrl: 'https://app.test/worker.js' })?.page.traceId).toBe('next');
    // Never a view that began after the request.
    expect(views.at(1, 0, 2000, { documentUrl: 'https://app.test/thanks' })?.page.traceId).toBe('old');
  });
  it('places it by the document id Chromium names, whatever its URL', () => {
    const views = new PageViews();
    views.named({ ...view(1, 'old', 'https://app.test/', 1000), documentId: 'D1' }, 1500);
    views.named({ ...view(1, 'old-route', 'https://app.test/next', 1000), documentId: 'D1' }, 3000);
    views.named({ ...view(1, 'new', 'https://app.test/', 8000), documentId: 'D2' }, 9000);
    expect(views.at(1, 0, 8200, { documentId: 'D1' })?.page.traceId).toBe('old-route');
    expect(views.at(1, 0, 8200, { documentId: 'D2' })?.page.traceId).toBe('new');
    expect(views.at(1, 0, 8200, { documentId: 'unknown' })?.page.traceId).toBe('new');
  });
  it('never places a request of a document no view is of in a view of another origin', () => {
    const views = new PageViews();
    views.named({ ...view(1, 'news', 'https://news.test/', 1000), documentId: 'D1' }, 1500);
    // The tab went on to bank.test, whose page view is not named yet (or never is): its requests are not news.test's.
    expect(views.at(1, 0, 8200, { documentId: 'D2', initiator: 'https://bank.test' })).toBeUndefined();
    expect(views.at(1, 0, 8200, { documentUrl: 'https://bank.test/login' })).toBeUndefined();
    // Of the same origin (a worker's script, or a document not named yet), by time as before.
    expect(views.at(1, 0, 8200, { documentId: 'D3', initiator: 'https://news.test' })?.page.traceId).toBe('news');
    expect(views.at(1, 0, 8200, { documentUrl: 'https://news.test/worker.js' })?.page.traceId).toBe('news');
  });
  it('places a request by its own document even where another origin’s document has its time origin', () => {
    const views = new PageViews();
    views.named({ ...view(1, 'a', 'https://a.test/', 1000), documentId: 'D1' }, 1500);
    // Time origins are not unique (coarsened clocks, or a renderer that lies): b.test's document names a.test's.
    views.named({ ...view(1, 'b', 'https://b.test/', 1000), documentId: 'D2' }, 3000);
    expect(views.at(1, 0, 8200, { documentId: 'D1' })?.page.traceId).toBe('a');
    expect(views.at(1, 0, 8200, { documentUrl: 'https://a.test/' })?.page.traceId).toBe('a');
    expect(views.at(1, 0, 8200, { documentId: 'D2' })?.page.traceId).toBe('b');
  });
  it('places a request of no tab in the latest top page view of its origin', () => {
    const views = new PageViews();
    views.named(view(1, 'a', 'https://app.test/', 1000), 1000);
    views.named(view(2, 'b', 'https://other.test/', 2000), 2000);
    views.named(view(3, 'c', 'https://app.test/x', 3000), 3000);
    views.named(view(3, 'f', 'https://app.test/frame', 3000, 2), 3000);
    expect(views.topOfOrigin('https://app.test', 4000)?.page.traceId).toBe('c');
    expect(views.topOfOrigin('https://app.test', 2500)?.page.traceId).toBe('a');
    expect(views.topOfOrigin('https://none.test', 4000)).toBeUndefined();
  });
  it('names the origin of a request of no tab in both browsers', () => {
    expect(requestOrigin({ initiator: 'https://app.test' })).toBe('https://app.test');
    expect(requestOrigin({ documentUrl: 'https://app.test/sw.js' })).toBe('https://app.test');
    expect(requestOrigin({})).toBeUndefined();
  });
  it('knows the frame document URLs, fragments aside', () => {
    const views = new PageViews();
    views.named(view(1, 'a', 'https://app.test/p?x=1#h', 1000), 1000);
    expect(views.isPageDocument(1, 0, 'https://app.test/p?x=1')).toBe(true);
    expect(views.isPageDocument(1, 0, 'https://app.test/worker.js')).toBe(false);
  });
});
