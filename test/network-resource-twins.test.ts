import { describe, expect, it } from 'vitest';
import { ResourceTwins } from '../src/background/network/resource-twins';
import { makeSpan } from './support/spans';

const T0 = 1_732_172_400_000;
/** A page-side resource span of `url`, starting `at` ms after makeSpan's instant, with `initiator`. */
const resource = (url: string, initiator: string, at = 0) =>
  makeSpan(at, { name: 'resourceFetch', kind: 0, attributes: { 'url.full': url, 'spanlight.resource.initiator_type': initiator } });

describe('a beacon or an event stream, seen by the page and by the browser', () => {
  it('is one span: the page side’s resource goes when the browser saw it first', () => {
    let now = T0;
    const twins = new ResourceTwins(() => now);
    expect(twins.observedOnce(7, 'https://shop.example/api/beacon', T0 + 20)).toBe(true);
    const script = resource('https://shop.example/app.js', 'script');
    const beacon = resource('https://shop.example/api/beacon', 'beacon');
    expect(twins.merge(7, [script, beacon])).toEqual([script]);
    // Once: a second resource of the same URL is another request.
    expect(twins.merge(7, [beacon])).toEqual([beacon]);
  });

  it('is not recorded again when the page side’s resource came first; another tab or a later start is another request', () => {
    const twins = new ResourceTwins(() => T0);
    const stream = resource('https://shop.example/api/events', 'other');
    expect(twins.merge(7, [stream])).toEqual([stream]);
    expect(twins.observedOnce(8, 'https://shop.example/api/events', T0)).toBe(true);
    expect(twins.observedOnce(7, 'https://shop.example/api/events', T0 + 5_000)).toBe(true);
    expect(twins.observedOnce(7, 'https://shop.example/api/events', T0 + 300)).toBe(false);
  });

  it('forgets what found no twin after a while', () => {
    let now = T0;
    const twins = new ResourceTwins(() => now);
    expect(twins.observedOnce(7, 'https://shop.example/api/beacon', T0)).toBe(true);
    now += 16_000;
    const beacon = resource('https://shop.example/api/beacon', 'beacon');
    expect(twins.merge(7, [beacon])).toEqual([beacon]);
  });
});
