/**
 * The page side's URL fast path (src/capture/serialized-url.ts) against the URL parser (Node's
 * follows the WHATWG URL standard, as the browsers do): wherever it answers, its answer is the
 * parser's, on URLs generated from pieces chosen to trip it (case, ports, dot segments, encoded
 * dots, IPv4 forms, punycode, characters the parser encodes, credentials, backslashes); and it
 * does answer for the URLs pages request most.
 */
import { describe, expect, it } from 'vitest';
import { serializedUrl } from '../src/capture/serialized-url';

const parsed = (url: string, base: string) => {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
};

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const SCHEMES = ['http://', 'https://', 'HTTP://', 'Https://', 'ftp://', 'http:/', 'http:\\\\', 'data:', 'blob:http://', ' http://', '\thttp://'];
const HOSTS = ['example.com', 'api.example.com', 'Example.com', 'localhost', '127.0.0.1', '127.1', '0x7f.0.0.1', '1.2.3.256', '01.2.3.4', '1.2.3.4.', 'example.com.', 'a..b', '.a', 'xn--nxasmq6b.com', 'xn--zz', 'bücher.de', 'a_b.com', '[::1]', 'user@example.com', 'u:p@example.com', '1234', 'a.1b', 'example.0x1', 'ex%41mple.com', 'host-name.io', ''];
const PORTS = ['', ':8080', ':80', ':443', ':0', ':08080', ':65535', ':65536', ':', ':123456', ':8a'];
const SEGMENTS = ['a', 'api', 'v1', 'data.json', '.', '..', '%2e', '%2E', '.well-known', 'a b', 'a"b', 'a<b', "it's", 'a`b', 'a{b}', 'a|b', 'a^b', 'ä', 'a%20b', 'a%zz', 'A', 'x;y=1', '@', ':', '~user', 'a\\b', 'a\nb', '', 'a[b]', '*', "(x)"];
const QUERIES = ['', '?', '?q=1', '?q=a b', "?q='", '?a=1&b=2', '?q=ä', '?x="y"', '?q=/./', '?q=<>', '?%2e', '?q=1#f', '?q=`'];
const FRAGMENTS = ['', '#', '#top', '#a b', '#a`b', '#x#y', '#ä', '#"q"', '#/./'];
const BASES = ['http://127.0.0.1:8080/dir/page.html?x=1#h', 'https://shop.example/', 'https://u:p@shop.example/a/b', 'http://localhost/', 'file:///tmp/x.html', 'about:blank', 'https://xn--bcher-kva.de/p'];

function generated(next: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const path = Array.from({ length: Math.floor(next() * 4) }, () => `/${pick(SEGMENTS)}`).join('');
  const tail = `${path}${pick(QUERIES)}${pick(FRAGMENTS)}`;
  const kind = next();
  if (kind < 0.3) return tail.startsWith('/') ? tail : `/${tail}`;
  if (kind < 0.35) return `//${pick(HOSTS)}${tail}`;
  if (kind < 0.4) return tail.slice(1) || 'a';
  return `${pick(SCHEMES)}${pick(HOSTS)}${pick(PORTS)}${tail}`;
}

describe('the URL fast path', () => {
  it('answers as the URL parser does, wherever it answers (200,000 generated URLs and bases)', () => {
    const next = random(0x5eed);
    let answered = 0;
    for (let i = 0; i < 200_000; i++) {
      const url = generated(next);
      const base = BASES[i % BASES.length]!;
      const fast = serializedUrl(url, base);
      if (fast === undefined) continue;
      answered++;
      expect({ url, base, fast }).toEqual({ url, base, fast: parsed(url, base) });
    }
    // Not a path that never answers: the pieces are chosen to trip it, and still some thousands take it.
    expect(answered).toBeGreaterThan(2_000);
  });

  it('answers for the URLs pages request most', () => {
    const base = 'https://shop.example/cart?step=2';
    for (const url of [
      'https://api.shop.example/v1/items?ids=1,2,3&sort=-price',
      'https://cdn.example.com/static/app.3f2a1c.js',
      'https://www.google-analytics.com/g/collect?v=2&tid=G-XXXX&cid=123.456&en=page_view',
      'https://shop.example',
      'http://127.0.0.1:8080/api/data?7',
      '/api/cart',
      '/graphql?query=%7Bitems%7D',
      '/',
    ])
      expect(serializedUrl(url, base)).toBe(new URL(url, base).href);
  });

  it('leaves to the parser what it would change or refuse', () => {
    const base = 'https://shop.example/';
    for (const url of [
      'HTTPS://shop.example/',
      'https://Shop.example/',
      'https://shop.example:443/',
      'http://shop.example:80/',
      'https://shop.example/a/../b',
      'https://shop.example/a/./b',
      'https://shop.example/%2e%2e/b',
      'https://shop.example/a b',
      "https://shop.example/?q='",
      'https://127.1/',
      'https://xn--zz/',
      'https://bücher.de/',
      'https://user:pw@shop.example/',
      'https://shop.example\\path',
      '//cdn.example/x.js',
      'relative/path',
      ' /leading-space',
      'data:text/plain,x',
    ])
      expect(serializedUrl(url, base)).toBeUndefined();
    // A path from the root against a base it cannot read.
    expect(serializedUrl('/x', 'about:blank')).toBeUndefined();
    expect(serializedUrl('/x', 'file:///tmp/a.html')).toBeUndefined();
  });

  it('answers a path from the root as the parser does whatever the base (one not written as the parser writes it)', () => {
    for (const base of ['http://Example.com/', 'http://a:80/', 'https://a:443/p', 'https://a?q', 'https://a#f', 'http://a\\b/c', 'http:// a/', 'https://u:p@shop.example/a', 'https://1.2.3.4./', 'https://a..b/'])
      for (const url of ['/x', '/', '/?q=1']) {
        const fast = serializedUrl(url, base);
        if (fast !== undefined) expect({ url, base, fast }).toEqual({ url, base, fast: parsed(url, base) });
      }
    // The same base a second time (remembered) answers as the first.
    expect([serializedUrl('/x', 'https://shop.example/a'), serializedUrl('/x', 'https://shop.example/a')]).toEqual(['https://shop.example/x', 'https://shop.example/x']);
    expect(serializedUrl('/x', 'http://Example.com/')).toBeUndefined();
  });

  it('reads no index past the end of a string (a page’s getter on String.prototype would run)', () => {
    const read: string[] = [];
    const keys = ['-1', ...Array.from({ length: 64 }, (_, i) => String(i))];
    const next = random(0xb0b);
    const urls = ['', '/', '/a%', '/a%2', '/a.', 'https://example.com', 'http://a:81', 'https://a.b', 'https://a.b.', 'http://1.2.3.4', 'https://a/%', ...Array.from({ length: 2_000 }, () => generated(next))];
    for (const key of keys) Object.defineProperty(String.prototype, key, { configurable: true, get: () => void read.push(key) });
    try {
      for (const url of urls) for (const base of BASES) serializedUrl(url, base);
    } finally {
      for (const key of keys) delete (String.prototype as unknown as Record<string, unknown>)[key];
    }
    expect(read).toEqual([]);
  });
});
