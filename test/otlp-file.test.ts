import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpFile } from '../src/otlp/write-file';
import { OtlpFileError, parseOtlpFile } from '../src/otlp/read-file';
import { resourceAttributes } from '../src/otlp/resource';
import type { SpanRecord } from '../src/protocol/span';
import { parseSpanRecord } from '../src/protocol/ui';
import { SpanlightDB, storedBytes } from '../src/store/db';
import { listOrigins, listPageViews, pendingSpans, spansOfTrace } from '../src/store/queries';
import { evictLargestFirst } from '../src/store/retention';
import { IMPORTED, removeImported, storeBatch } from '../src/store/write-spans';
import { makeSpan } from './support/spans';
import { store } from './support/store';

const browserInfo = { userAgent: 'test', sdkVersion: '0.1.0' };

/** A page view: its documentLoad root and a few children, as Spanlight writes them. */
function pageView(url: string, offsetMs: number, session = 's1'): SpanRecord[] {
  const root = makeSpan(offsetMs, { name: 'documentLoad', pageUrl: url, attributes: { 'url.full': url, 'session.id': session } });
  delete root.parentSpanId;
  const child = (name: string, fields: Partial<SpanRecord> = {}) =>
    makeSpan(offsetMs + 1, { traceId: root.traceId, parentSpanId: root.spanId, name, pageUrl: url, ...fields, attributes: { 'session.id': session, ...fields.attributes } });
  return [
    root,
    child('GET', { status: { code: 2, message: 'HTTP 500' }, events: [{ name: 'e', time: root.start, attributes: { n: 1 } }] }),
    child('LCP', { attributes: { 'web_vital.value': 1234.5, 'web_vital.rating': 'needs-improvement' } }),
  ];
}

describe('OTLP files', () => {
  it('reads back what it writes, as JSON and as JSON Lines', () => {
    const spans = [...pageView('https://shop.example/', 0), ...pageView('https://blog.example/a', 50)];
    spans[1]!.droppedAttributes = 3;
    spans[2]!.links = [{ traceId: spans[3]!.traceId, spanId: spans[3]!.spanId, flags: 1, attributes: { 'spanlight.link.type': 'top_page_view' } }];
    spans[4]!.links = [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), flags: 0 }];
    spans[4]!.droppedLinks = 1;
    for (const format of ['json', 'jsonl'] as const) {
      const text = otlpFile(spans, format, browserInfo);
      if (format === 'jsonl') expect(text.trim().split('\n')).toHaveLength(2);
      // Each span comes back under the resource it was written under: its page host's.
      const read = parseOtlpFile(text);
      // …with the document's URL, which export adds to every span it sends, and Spanlight's scope.
      const scope = { name: 'spanlight', version: browserInfo.sdkVersion, schemaUrl: 'https://opentelemetry.io/schemas/1.44.0' };
      expect(read).toEqual(spans.map((s) => ({ ...s, attributes: { ...s.attributes, 'browser.document.url.full': s.pageUrl }, resource: resourceAttributes(s.pageUrl, browserInfo), scope })));
      expect(otlpFile(read, format, browserInfo)).toBe(text);
    }
  });

  it("writes an imported span back under the resource and scope it was read under", () => {
    const file = `${JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'service.version', value: { stringValue: '1.4.2' } }], droppedAttributesCount: 0 },
          scopeSpans: [
            { scope: { name: '@opentelemetry/instrumentation-fetch', version: '0.57.0' }, spans: [otherSpan('01', '11')], schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' },
            { scope: { name: 'manual' }, spans: [otherSpan('01', '12')], schemaUrl: '' },
          ],
          schemaUrl: '',
        },
      ],
    })}\n`;
    const read = parseOtlpFile(file);
    expect(read.map((s) => [s.resource?.['service.name'], s.scope])).toEqual([
      ['checkout', { name: '@opentelemetry/instrumentation-fetch', version: '0.57.0', schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }],
      ['checkout', { name: 'manual' }],
    ]);
    const written = JSON.parse(otlpFile(read, 'jsonl', browserInfo)) as { resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; schemaUrl: string }[] }[] };
    // One resource per scope group, each under its own scope, none under Spanlight's.
    expect(written.resourceSpans.map((r) => [r.resource, r.scopeSpans.map((s) => [s.scope, s.schemaUrl])])).toEqual([
      [{ attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'service.version', value: { stringValue: '1.4.2' } }], droppedAttributesCount: 0 }, [[{ name: '@opentelemetry/instrumentation-fetch', version: '0.57.0' }, 'https://opentelemetry.io/schemas/1.30.0']]],
      [{ attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'service.version', value: { stringValue: '1.4.2' } }], droppedAttributesCount: 0 }, [[{ name: 'manual', version: '' }, '']]],
    ]);
    expect(parseOtlpFile(otlpFile(read, 'jsonl', browserInfo))).toEqual(read);
  });

  it('reads what another SDK or the collector writes: kinds, int64 strings, arrays, no page URL', () => {
    const file = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans: [{
        traceId: 'ABCDEF0123456789ABCDEF0123456789', spanId: '0123456789abcdef', parentSpanId: '', name: 'GET /x', kind: 2,
        startTimeUnixNano: 1732172400000000001, endTimeUnixNano: '1732172400500000000',
        attributes: [{ key: 'n', value: { intValue: '42' } }, { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }, { key: 'inf', value: { doubleValue: 'Infinity' } }],
        status: { code: 2, message: 'boom' },
      }] }] }],
    });
    const [span] = parseOtlpFile(file);
    expect(span).toMatchObject({ traceId: 'abcdef0123456789abcdef0123456789', kind: 1, status: { code: 2, message: 'boom' }, pageUrl: '' });
    expect(span!.parentSpanId).toBeUndefined();
    expect(span!.attributes).toEqual({ n: 42, list: '{"arrayValue":{"values":[{"stringValue":"a"}]}}', inf: 'Infinity' });
    expect(span!.end).toEqual([1732172400, 500_000_000]);
  });

  it('names the line and field of the first problem, and returns nothing', () => {
    const good = otlpFile(pageView('https://a.example/', 0), 'jsonl', browserInfo);
    const badId = good.replace(/"spanId":"[0-9a-f]+"/, '"spanId":"xyz"');
    expect(() => parseOtlpFile(good + badId)).toThrow(/^line 2: \.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.spanId: expected 16 hex digits/);
    expect(() => parseOtlpFile(`${good}{"resourceSpans": [`)).toThrow(/line 2: not JSON/);
    expect(() => parseOtlpFile('{"spans": []}')).toThrow(/resourceSpans: expected an array/);
    expect(() => parseOtlpFile('{"resourceSpans": []}')).toThrow(/no spans/);
    expect(() => parseOtlpFile(good.replace(/"kind":\d/, '"kind":9'))).toThrow(/kind/);
    expect(() => parseOtlpFile(good.replace(/"startTimeUnixNano":"\d+"/, '"startTimeUnixNano":"-5"'))).toThrow(/startTimeUnixNano/);
  });

  it('never throws anything but OtlpFileError, and what it returns crosses the import channel', () => {
    // Random JSON, and real files with one value replaced by random JSON.
    const good = JSON.parse(otlpFile(pageView('https://a.example/', 0), 'json', browserInfo)) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(good, []);
    const mutated = fc.tuple(fc.constantFrom(...paths.slice(1)), fc.jsonValue()).map(([path, value]) => {
      const copy = structuredClone(good) as Record<string | number, unknown>;
      let at = copy;
      for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
      at[path.at(-1)!] = value;
      return JSON.stringify(copy);
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.json(), fc.string()), (text) => {
        try {
          for (const span of parseOtlpFile(text)) expect(parseSpanRecord(JSON.parse(JSON.stringify(span)))).toEqual(span);
        } catch (error) {
          if (!(error instanceof OtlpFileError)) throw error;
        }
      }),
      { numRuns: 100_000 },
    );
  }, 60_000);
});

describe('page views', () => {
  let db: SpanlightDB;
  beforeEach(() => {
    db = new SpanlightDB(`test-${Math.random()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('are summarised as batches arrive: url, origin, session, counts, errors, vitals', async () => {
    const [root, ...rest] = pageView('https://shop.example/cart?x=1', 0);
    await store(db, rest, { runId: 'r', tabId: 4 });
    let [row] = await listPageViews(db, { limit: 10 });
    expect(row).toMatchObject({ root: '', spans: 2, errors: 1, origin: 'https://shop.example', tabId: 4, imported: 0 });
    await store(db, [root!], { runId: 'r', tabId: 4 });
    [row] = await listPageViews(db, { limit: 10 });
    expect(row).toMatchObject({ root: 'documentLoad', url: 'https://shop.example/cart?x=1', sessionId: 's1', spans: 3, errors: 1 });
    expect(row!.vitals.LCP).toEqual({ value: 1234.5, rating: 'needs-improvement' });
  });

  it('list a page at a time, newest first, by origin or session; origins with counts', async () => {
    const bytes: Record<string, number> = {};
    for (let i = 0; i < 5; i++) {
      const origin = i % 2 ? 'https://b.example' : 'https://a.example';
      const spans = pageView(`${origin}/`, i * 1000, i < 3 ? 's1' : 's2');
      bytes[origin] = (bytes[origin] ?? 0) + storedBytes(spans);
      await store(db, spans, { runId: 'r1', tabId: 1, origin });
    }
    const first = await listPageViews(db, { limit: 2 });
    expect(first.map((r) => r.start)).toEqual([...first.map((r) => r.start)].sort((a, b) => b - a));
    const next = await listPageViews(db, { limit: 10, before: first.at(-1)!.start });
    expect(next).toHaveLength(3);
    expect((await listPageViews(db, { origin: 'https://b.example', limit: 10 })).length).toBe(2);
    expect((await listPageViews(db, { sessionId: 's2', limit: 10 })).length).toBe(2);
    expect(await listOrigins(db)).toEqual([
      { origin: 'https://a.example', pageViews: 3, bytes: bytes['https://a.example'] },
      { origin: 'https://b.example', pageViews: 2, bytes: bytes['https://b.example'] },
    ]);
  });

  it('go when retention evicts all their spans', async () => {
    await store(db, pageView('https://a.example/', 0));
    await store(db, pageView('https://b.example/', 10));
    await evictLargestFirst(db, { spans: 1, bytes: 0 });
    expect((await listPageViews(db, { limit: 10 })).map((r) => r.origin)).toEqual(['https://b.example']);
  });

  it('imported parts are viewable, never exported, stored once, and can be undone', async () => {
    const spans = pageView('https://a.example/', 0);
    expect(await storeBatch(db, 'import:1', spans, IMPORTED, 1)).toBe(3);
    expect(await storeBatch(db, 'import:1', spans, IMPORTED, 1)).toBe(0);
    expect((await spansOfTrace(db, spans[0]!.traceId)).length).toBe(3);
    expect((await pendingSpans(db, 100)).spans).toEqual([]);
    expect((await listPageViews(db, { limit: 10 }))[0]!.imported).toBe(1);
    expect(await removeImported(db, ['import:1'])).toBe(3);
    expect(await listPageViews(db, { limit: 10 })).toEqual([]);
  });
});

/** A span as another SDK writes it, in trace `…t`, with span id `…s`. */
function otherSpan(t: string, s: string) {
  return { traceId: t.repeat(16), spanId: s.repeat(8), name: 'GET /cart', kind: 3, startTimeUnixNano: '1732172400000000000', endTimeUnixNano: '1732172400250000000', attributes: [], status: {} };
}
