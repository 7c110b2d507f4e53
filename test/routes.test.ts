import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageEvent } from '../src/protocol/page';

/** A document's location and history, as the route capture reads them (Node has neither). */
function fakeDocument(start: string) {
  let url = new URL(start);
  const location = {
    get href() {
      return url.href;
    },
    get origin() {
      return url.origin;
    },
    get pathname() {
      return url.pathname;
    },
    get search() {
      return url.search;
    },
    get hash() {
      return url.hash;
    },
  };
  class History {
    pushState(_state: unknown, _title: string, to: string) {
      url = new URL(to, url);
    }
    replaceState(_state: unknown, _title: string, to: string) {
      url = new URL(to, url);
    }
  }
  const window = new EventTarget();
  vi.stubGlobal('location', location);
  vi.stubGlobal('History', History);
  vi.stubGlobal('window', window);
  return {
    history: new History(),
    /** The user goes back or forward (or follows a fragment link): the URL changes, then popstate. */
    traverse(to: string) {
      url = new URL(to, url);
      window.dispatchEvent(new Event('popstate'));
    },
    restoreFromCache() {
      window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    },
  };
}

async function capture(start: string) {
  const doc = fakeDocument(start);
  const { captureRouteChanges } = await import('../src/capture/routes');
  const events: PageEvent[] = [];
  const controller = new AbortController();
  let view = 0;
  const trace = { startPageView: () => `${++view}`.padStart(32, 'a'), get view() { return view; } };
  captureRouteChanges({ emit: (event: PageEvent) => events.push(event), signal: controller.signal, trace } as never);
  return { ...doc, events, stop: () => controller.abort() };
}

const hashChanges = (events: PageEvent[]) => events.map((e) => (e.type === 'route' ? [e.trigger, e.url, e.hashChange] : e.type));

describe('route capture', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('tells a change of the fragment alone from a change of the page', async () => {
    const page = await capture('https://shop.example/cart?id=1');
    page.history.pushState(null, '', '/cart?id=1#reviews');
    page.traverse('/cart?id=1#specs');
    page.history.pushState(null, '', '/cart?id=2#specs');
    page.history.replaceState(null, '', '/done');
    page.traverse('/done#');
    page.stop();
    expect(hashChanges(page.events)).toEqual([
      ['pushState', 'https://shop.example/cart?id=1#reviews', true],
      ['popstate', 'https://shop.example/cart?id=1#specs', true],
      ['pushState', 'https://shop.example/cart?id=2#specs', false],
      ['replaceState', 'https://shop.example/done', false],
      // An empty fragment is no fragment (the Browser SIG's isHashChange).
      ['popstate', 'https://shop.example/done#', false],
    ]);
  });

  it('calls a restore from the back/forward cache no fragment change, whatever the URL', async () => {
    const page = await capture('https://shop.example/cart#reviews');
    page.restoreFromCache();
    page.stop();
    expect(hashChanges(page.events)).toEqual([['bfcache', 'https://shop.example/cart#reviews', false]]);
  });
});
