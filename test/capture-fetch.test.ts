/**
 * The fetch wrapper under a fake page: the page gets the browser's answer, and the span names the
 * method and URL the call was made with, though the work of making the URL absolute waits until
 * the span ends (off the page's call): what the page changes after its call (the base URL, a URL
 * object, its init) does not change the span.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useFakePage } from './support/fake-page';

/** The browser's fetch, answering each call when the test says. */
const answers: ((response: Response) => void)[] = [];
beforeEach(() => void (answers.length = 0));
const fakeFetch = () => new Promise<Response>((resolve) => answers.push(resolve));

let base = 'https://app.test/shop/cart';
class FakeNode extends EventTarget {
  get baseURI() {
    return base;
  }
}

/** URLs the wrapper parsed, and when: a URL parser that counts its calls. */
let parsed = 0;
const CountingURL = new Proxy(URL, {
  construct(Platform, args: ConstructorParameters<typeof URL>) {
    parsed++;
    return new Platform(...args);
  },
});

const fake = useFakePage({
  page: { fetch: fakeFetch },
  globals: () => ({ Node: FakeNode, document: new FakeNode(), URL: CountingURL }),
  start: async (context) => {
    const { instrumentFetch } = await import('../src/capture/fetch');
    instrumentFetch(context);
  },
});

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the fetch wrapper', () => {
  it("gives the page the browser's response", async () => {
    const pending = (fake.page as unknown as { fetch: typeof fetch }).fetch('items');
    const response = new Response('ok', { status: 201 });
    answers.shift()!(response);
    expect(await pending).toBe(response);
    expect(fake.events).toMatchObject([{ type: 'http', api: 'fetch', method: 'GET', url: 'https://app.test/shop/items', status: 201 }]);
  });

  it('names the URL and method the call was made with, whatever the page changes before the answer', async () => {
    base = 'https://app.test/shop/cart';
    const pageFetch = (fake.page as unknown as { fetch: typeof fetch }).fetch;
    const init = { method: 'post' };
    const target = new URL('https://api.test/v1/orders');
    parsed = 0;
    // A relative URL with a dot segment, which only the platform's parser makes absolute.
    pageFetch('../api/./items', init);
    pageFetch(target);
    // Nothing is parsed while the page's call runs.
    expect(parsed).toBe(0);
    // The page moves on (history.pushState, a <base>), edits its URL object and its init.
    base = 'https://app.test/elsewhere/deeper/page';
    target.pathname = '/v2/changed';
    init.method = 'delete';
    answers.shift()!(new Response(''));
    answers.shift()!(new Response(''));
    await settled();
    expect(fake.events).toMatchObject([
      { method: 'POST', url: 'https://app.test/api/items' },
      { method: 'GET', url: 'https://api.test/v1/orders' },
    ]);
    expect(parsed).toBe(1);
  });

  it("reads no argument the page left out through a getter on Array.prototype", async () => {
    const pageFetch = (fake.page as unknown as { fetch: typeof fetch }).fetch;
    let asked = 0;
    Object.defineProperty(Array.prototype, 1, { configurable: true, get: () => (asked++, { method: 'DELETE' }) });
    try {
      pageFetch('/only-a-url');
    } finally {
      delete (Array.prototype as unknown as Record<number, unknown>)[1];
    }
    answers.shift()!(new Response(''));
    await settled();
    expect(asked).toBe(0);
    expect(fake.events).toMatchObject([{ method: 'GET', url: 'https://app.test/only-a-url' }]);
  });

  it('passes an init it cannot read (a revoked proxy) to the browser, without throwing', () => {
    const pageFetch = (fake.page as unknown as { fetch: typeof fetch }).fetch;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => pageFetch('/x', proxy)).not.toThrow();
    expect(answers).toHaveLength(1);
  });
});
