import { describe, expect, it } from 'vitest';
import { parseBridgeMessage } from '../src/protocol/bridge';
import { parsePageEvent } from '../src/protocol/page';
import { parseSpanRecord } from '../src/protocol/ui';
import type { SpanRecord } from '../src/protocol/span';
import { parseOtlpFile } from '../src/otlp/read-file';
import { groupByResource, serviceOf } from '../src/otlp/resource';
import { otlpFile } from '../src/otlp/write-file';
import { storedBytes } from '../src/store/db';
import { randomHexId } from '../src/tracer/ids';
import { Tracer } from '../src/tracer/tracer';
import { makeSpan } from './support/spans';

const browserInfo = { userAgent: 'test', sdkVersion: '0.1.0' };

const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });
const otlpSpan = (spanId: string, name: string) => ({
  traceId: 'ab'.repeat(16),
  spanId,
  name,
  startTimeUnixNano: '1732172400000000000',
  endTimeUnixNano: '1732172400500000000',
});

/** A collector's file: two services of one trace, each under its own resource. */
const twoServices = JSON.stringify({
  resourceSpans: [
    { resource: { attributes: [kv('service.name', 'checkout'), kv('deployment.environment.name', 'prod')] }, scopeSpans: [{ spans: [otlpSpan('0000000000000001', 'POST /pay')] }] },
    { resource: { attributes: [kv('service.name', 'payments')] }, scopeSpans: [{ spans: [otlpSpan('0000000000000002', 'charge'), otlpSpan('0000000000000003', 'refund')] }] },
  ],
});

/** The resources of an OTLP JSON request, as `{ service.name: [span names] }` with every attribute. */
function resourcesOf(text: string): { attributes: Record<string, unknown>; spans: string[] }[] {
  const request = JSON.parse(text) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[] };
  return request.resourceSpans.map((rs) => ({
    attributes: Object.fromEntries(rs.resource.attributes.map((a) => [a.key, a.value.stringValue ?? a.value])),
    spans: rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)),
  }));
}

describe('span resource', () => {
  it('keeps the resource attributes each imported span came under', () => {
    const spans = parseOtlpFile(twoServices);
    expect(spans.map((s) => [s.name, s.resource])).toEqual([
      ['POST /pay', { 'service.name': 'checkout', 'deployment.environment.name': 'prod' }],
      ['charge', { 'service.name': 'payments' }],
      ['refund', { 'service.name': 'payments' }],
    ]);
    expect(spans.map(serviceOf)).toEqual(['checkout', 'payments', 'payments']);
  });

  it('writes imported spans back under their own resources, and live spans under their page host', () => {
    const live = makeSpan(0, { name: 'GET', pageUrl: 'https://shop.example/cart' });
    const spans = [...parseOtlpFile(twoServices), live];
    for (const format of ['json', 'jsonl'] as const) {
      const text = otlpFile(spans, format, browserInfo);
      const resources = text.trim().split('\n').flatMap(resourcesOf);
      expect(resources.map((r) => [r.attributes['service.name'], r.spans])).toEqual([
        ['checkout', ['POST /pay']],
        ['payments', ['charge', 'refund']],
        ['shop.example', ['GET']],
      ]);
      // An imported resource is written as read: no Spanlight SDK or user agent of this browser.
      expect(resources[0]!.attributes).toEqual({ 'service.name': 'checkout', 'deployment.environment.name': 'prod' });
      expect(resources[2]!.attributes).toMatchObject({ 'telemetry.sdk.name': 'spanlight', 'user_agent.original': 'test' });
    }
    expect(serviceOf(live)).toBe('shop.example');
  });

  it('groups by equal resources, not by the object that holds them (stored spans are copies)', () => {
    const a = makeSpan(0, { resource: { 'service.name': 'api' } });
    const b = makeSpan(1, { resource: { 'service.name': 'api' } });
    const c = makeSpan(2, { resource: { 'service.name': 'web' }, pageUrl: a.pageUrl });
    const groups = groupByResource([a, c, b, makeSpan(3)], browserInfo);
    expect(groups.map((g) => [g.resource['service.name'], g.records.length])).toEqual([
      ['api', 2],
      ['web', 1],
      ['shop.example', 1],
    ]);
  });

  it('crosses the UI channel of an import and is counted in the stored bytes', () => {
    const [span] = parseOtlpFile(twoServices);
    const sent = JSON.parse(JSON.stringify(span)) as unknown;
    expect(parseSpanRecord(sent)).toEqual(span);
    const { resource, ...bare } = span!;
    expect(storedBytes([span!])).toBeGreaterThan(storedBytes([bare as SpanRecord]));
    expect(resource).toBeDefined();
    expect(parseSpanRecord({ ...bare, resource: { 'service.name': { nested: 1 } } })).toBeUndefined();
  });

  it('is never taken from a page: decoded page batches and page events carry none', async () => {
    const ctx = { traceId: randomHexId(16), rootSpanId: randomHexId(8), timeOrigin: 1_700_000_000_000, url: 'https://a.example/' };
    const batch = (await Tracer.load('content')).toBatch(ctx, [{ type: 'interaction', event: 'click', start: 0, end: 1, target: 'b' }]);
    const resource = { 'service.name': 'chosen-by-the-page' };
    const message = parseBridgeMessage({ type: 'spans', seq: 1, batch: '0123456789abcdef', dropped: 0, resource, data: { ...batch, resource, page: { ...batch.page, resource } } });
    const spans = message?.type === 'spans' ? message.spans : [];
    expect(spans).toHaveLength(1);
    expect(spans.every((s) => s.resource === undefined && serviceOf(s) === 'a.example')).toBe(true);
    const http = { type: 'http', api: 'fetch', method: 'GET', url: 'https://a.example/x', start: 0, end: 1, status: 200, resource };
    const event = parsePageEvent(http);
    expect(event).toBeDefined();
    expect(event).not.toHaveProperty('resource');
  });
});
