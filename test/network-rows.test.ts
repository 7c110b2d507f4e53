import { describe, expect, it } from 'vitest';
import { networkSummary, resourceType, splitUrl } from '../src/viewer/network';
import { makeSpan } from './support/spans';

const resource = (url: string, initiator: string, more: Record<string, unknown> = {}) =>
  makeSpan(0, { name: 'resourceFetch', attributes: { 'url.full': url, 'spanlight.resource.initiator_type': initiator, ...more } as never });

describe('network rows', () => {
  it('types resources by initiator, and by file where the initiator loads many kinds', () => {
    expect(resourceType(resource('https://a.example/app.js', 'script'))).toBe('script');
    expect(resourceType(resource('https://a.example/site.css', 'link'))).toBe('stylesheet');
    expect(resourceType(resource('https://a.example/f.woff2', 'link'))).toBe('font');
    expect(resourceType(resource('https://a.example/f.woff2', 'css'))).toBe('font');
    expect(resourceType(resource('https://a.example/bg.png', 'css'))).toBe('img');
    expect(resourceType(resource('https://a.example/hero', 'img'))).toBe('img');
    expect(resourceType(resource('https://a.example/api', 'fetch'))).toBe('fetch');
    expect(resourceType(resource('https://a.example/frame.html', 'iframe'))).toBe('document');
    expect(resourceType(resource('https://a.example/thing', 'other'))).toBe('other');
    expect(resourceType(makeSpan(0, { name: 'POST', attributes: { 'http.request.method': 'POST' } }))).toBe('fetch');
    expect(resourceType(makeSpan(0, { name: 'click', attributes: {} }))).toBeUndefined();
  });

  it('puts the file name first and the origin and directory after it', () => {
    expect(splitUrl('https://cdn.example/static/js/app.js?v=3')).toEqual({ file: 'app.js?v=3', where: 'https://cdn.example/static/js/' });
    expect(splitUrl('https://a.example/')).toEqual({ file: '/', where: 'https://a.example' });
    expect(splitUrl('https://a.example/dir/')).toEqual({ file: '/dir/', where: 'https://a.example' });
    expect(splitUrl('https://a.example/?q=1')).toEqual({ file: '/?q=1', where: 'https://a.example' });
    expect(splitUrl('not a url')).toEqual({ file: 'not a url', where: '' });
  });

  it('shows the status code and the size as KB or MB, a cache hit as such, nothing for a size of 0', () => {
    const get = makeSpan(0, { name: 'GET', attributes: { 'http.request.method': 'GET', 'url.full': 'https://api.example/items', 'http.response.status_code': 404, 'http.response.size': 1536 } });
    expect(networkSummary(get)).toEqual({ type: 'fetch', file: 'items', where: 'https://api.example/', status: 404, size: '1.5 KB' });
    expect(networkSummary(resource('https://a.example/big.js', 'script', { 'http.response.size': 3 * 1024 * 1024 }))?.size).toBe('3.0 MB');
    expect(networkSummary(resource('https://a.example/c.js', 'script', { 'http.response.size': 0, 'spanlight.response.cache_hit': true }))?.size).toBe('(cache)');
    expect(networkSummary(resource('https://x.example/c.js', 'script', { 'http.response.size': 0, 'http.response.body.size': 0 }))?.size).toBeUndefined();
    expect(networkSummary(makeSpan(0, { name: 'click', attributes: {} }))).toBeUndefined();
  });
});
