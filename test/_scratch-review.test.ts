import { describe, expect, it } from 'vitest';
import { Tracer } from '../src/tracer/tracer';
import { decodeSpanBatch } from '../src/protocol/span-batch';
import type { PageEvent } from '../src/protocol/page';

const tracer = await Tracer.load('content');
const page = { traceId: 'a'.repeat(32), rootSpanId: 'b'.repeat(16), timeOrigin: 1.7e12, url: '' };

describe('scratch', () => {
  it('long ASCII document URL', () => {
    const url = `https://shop.example/p?token=abc&q=${'x'.repeat(5000)}`;
    const out = tracer.writer.redactUrl(url);
    console.log('len', url.length, '->', out.slice(0, 60), out.length);
    const b = tracer.toBatch({ ...page, url }, []);
    console.log('page.url', b.page.url);
  });
  it('500 http events: chunks', () => {
    const ev = (i: number): PageEvent => ({ type: 'http', api: 'fetch', method: 'GET', url: `https://a.example/x?i=${i}`, start: i, end: i + 1, status: 500, error: 'E', transferSize: 1, encodedBodySize: 1, decodedBodySize: 1, backend: '00-' + 'a'.repeat(32) + '-' + 'b'.repeat(16) + '-01', protocol: 'h2', view: 0 } as unknown as PageEvent);
    const events = Array.from({ length: 500 }, (_, i) => ev(i));
    const b = tracer.toBatch({ ...page, url: 'https://a.example/' }, events);
    const d = decodeSpanBatch(b);
    console.log('chunks', b.chunks.length, 'decoded', d?.spans.length, 'attrs of first', d && Object.keys(d.spans[0]!.attributes).length);
    const b2 = tracer.toBatch({ ...page, url: 'https://a.example/' }, [...events, ...events]);
    console.log('1000 events chunks', b2.chunks.length, 'decoded', decodeSpanBatch(b2)?.spans.length);
  });
});
