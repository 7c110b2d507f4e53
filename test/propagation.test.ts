import { describe, expect, it } from 'vitest';
import { originPatternProblem, shouldPropagate } from '../src/propagation';

const page = 'https://shop.example';
const none = { sameOrigin: false, origins: [] };

describe('propagation rules', () => {
  it('sends traceparent nowhere by default', () => {
    expect(shouldPropagate('https://shop.example/api', page, none)).toBe(false);
  });

  it('sends it to the page origin when asked', () => {
    const rules = { sameOrigin: true, origins: [] };
    expect(shouldPropagate('https://shop.example/api?x=1', page, rules)).toBe(true);
    expect(shouldPropagate('https://api.shop.example/x', page, rules)).toBe(false);
    expect(shouldPropagate('http://shop.example/x', page, rules)).toBe(false);
  });

  it.each([
    ['https://api.example.com', 'https://api.example.com/v1', true],
    ['https://api.example.com', 'https://api.example.com:443/v1', true],
    ['https://api.example.com', 'https://api.example.com:8443/v1', false],
    ['https://api.example.com', 'http://api.example.com/v1', false],
    ['https://*.example.com', 'https://a.b.example.com/', true],
    ['https://*.example.com', 'https://example.com/', false],
    ['https://*.example.com', 'https://evil-example.com/', false],
    ['http://localhost:8080', 'http://localhost:8080/x', true],
    ['http://localhost:8080', 'http://localhost/x', false],
    ['HTTPS://API.Example.com', 'https://api.example.com/', true],
  ])('%s matches %s: %s', (pattern, url, expected) => {
    expect(shouldPropagate(url, page, { sameOrigin: false, origins: [pattern] })).toBe(expected);
  });

  it('never propagates to non-HTTP URLs or garbage', () => {
    const all = { sameOrigin: true, origins: ['https://*.example'] };
    expect(shouldPropagate('data:text/plain,x', page, all)).toBe(false);
    expect(shouldPropagate('not a url', page, all)).toBe(false);
  });

  it('explains a pattern that is not an origin', () => {
    expect(originPatternProblem('https://api.example.com')).toBeUndefined();
    expect(originPatternProblem('https://*.example.com')).toBeUndefined();
    expect(originPatternProblem('https://example.com/path')).toMatch(/is not an origin/);
    expect(originPatternProblem('*.example.com')).toMatch(/is not an origin/);
    expect(originPatternProblem('https://*')).toMatch(/is not an origin/);
  });
});
