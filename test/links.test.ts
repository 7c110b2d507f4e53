import { describe, expect, it } from 'vitest';
import { addLinks } from '../src/background/links';
import { parsePageBatch } from '../src/protocol/page';
import { BACKEND_TRACEPARENT } from '../src/protocol/span';
import { makeSpan } from './support/spans';

const BACKEND = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
const top = { traceId: 'ab'.repeat(16), rootSpanId: 'cd'.repeat(8), timeOrigin: 0, url: 'https://top.example/' };

describe('links added as spans arrive', () => {
  it("turn a response's Server-Timing traceparent into a link to the backend trace, and drop the carrier", () => {
    const good = makeSpan(0, { attributes: { [BACKEND_TRACEPARENT]: BACKEND, 'url.full': 'https://api.example/' } });
    const bad = makeSpan(1, { attributes: { [BACKEND_TRACEPARENT]: '00-' + '0'.repeat(32) + '-00f067aa0ba902b7-01' } });
    addLinks([good, bad], undefined);
    expect(good.links).toEqual([
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: 0, attributes: { 'spanlight.link.type': 'server_timing' } },
    ]);
    expect(good.attributes).toEqual({ 'url.full': 'https://api.example/' });
    expect(bad.links).toBeUndefined();
    expect(bad.attributes).not.toHaveProperty(BACKEND_TRACEPARENT);
  });

  it("link a frame's page view roots, and only them, to the top page view", () => {
    const root = makeSpan(0, { parentSpanId: undefined });
    const child = makeSpan(1, { traceId: root.traceId, parentSpanId: root.spanId });
    addLinks([root, child], top);
    expect(root.links).toEqual([{ traceId: top.traceId, spanId: top.rootSpanId, flags: 1, attributes: { 'spanlight.link.type': 'top_page_view' } }]);
    expect(child.links).toBeUndefined();
    const topsOwn = makeSpan(0, { parentSpanId: undefined });
    addLinks([topsOwn], undefined);
    expect(topsOwn.links).toBeUndefined();
  });

  it('keep from the page only a backend name that is a traceparent', () => {
    const resource = { type: 'resource', initiatorType: 'script', url: 'https://cdn.example/a.js', start: 1, end: 2, renderBlocking: false, transferSize: 1, encodedBodySize: 1, decodedBodySize: 1 };
    const { events, dropped } = parsePageBatch([{ ...resource, backend: BACKEND }, { ...resource, backend: '<b>not one</b>' }, { ...resource, backend: 7 }]);
    expect(dropped).toBe(0);
    expect(events.map((e) => ('backend' in e ? e.backend : undefined))).toEqual([BACKEND, undefined, undefined]);
  });
});
