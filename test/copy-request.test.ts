import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlCommand, fetchCall, requestOf, shellQuote } from '../src/viewer/copy-request';

/** What a POSIX shell makes of `words`: each argument as the command receives it. */
const shellArgs = (words: string) => JSON.parse(execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' ${words}`], { encoding: 'utf8' })) as string[];

describe('copy request', () => {
  it('quotes a URL for a POSIX shell so that no character of it ends the quoting', () => {
    const hostile = [
      "https://a.example/?q=it's",
      "https://a.example/'; touch /tmp/pwned; echo '",
      'https://a.example/$(id)`id`${HOME}\\n"x"',
      "https://a.example/''''",
      'https://a.example/a b\nc\td',
      "'",
      '',
    ];
    for (const url of hostile) expect(shellArgs(shellQuote(url))).toEqual([url]);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('writes curl with the method for all but GET, and the URL quoted', () => {
    expect(curlCommand({ method: 'GET', url: 'https://a.example/x?y=1&z=2' })).toBe("curl --url 'https://a.example/x?y=1&z=2'");
    expect(curlCommand({ method: 'POST', url: "https://a.example/it's" })).toBe(`curl -X 'POST' --url 'https://a.example/it'\\''s'`);
  });

  it('writes fetch with the URL as a string literal', () => {
    const url = 'https://a.example/"); alert(1); ("\\\u2028';
    const call = fetchCall({ method: 'DELETE', url });
    expect(call).toBe(`fetch("https://a.example/\\"); alert(1); (\\"\\\\\\u2028", { method: "DELETE" });`);
    const seen: unknown[] = [];
    new Function('fetch', call)((...args: unknown[]) => seen.push(...args));
    expect(seen).toEqual([url, { method: 'DELETE' }]);
  });

  it('finds a request span’s method and URL; a resource is a GET; a span without a URL has none', () => {
    expect(requestOf('POST', { 'http.request.method': 'POST', 'url.full': 'https://a.example/' })).toEqual({ method: 'POST', url: 'https://a.example/' });
    expect(requestOf('resourceFetch', { 'url.full': 'https://a.example/app.js' })).toEqual({ method: 'GET', url: 'https://a.example/app.js' });
    expect(requestOf('GET', { 'http.request.method': 'G ET;rm', 'url.full': 'https://a.example/' })?.method).toBe('GET');
    expect(requestOf('click', { 'ui.target': 'button' })).toBeUndefined();
    expect(requestOf('documentLoad', { 'url.full': 'https://a.example/' })).toBeUndefined();
  });
});
