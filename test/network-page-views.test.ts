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
