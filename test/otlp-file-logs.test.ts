import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importStatus } from '../components/viewer/files';
import { spansToEvents } from '../src/otlp/events';
import { OtlpFileError, parseOtlpFile, readOtlpFile } from '../src/otlp/read-file';
import { FILE_FORMATS, fileName, otlpFile } from '../src/otlp/write-file';
import { SPAN_LIMITS, type SpanRecord } from '../src/protocol/span';
import { parseSpanRecord } from '../src/protocol/ui';
import { PAGE, PAGE_EVENTS, ROUTE_EVENTS, ROUTE_PAGE, spansOf } from './support/page-events';

const browserInfo = { userAgent: 'test', sdkVersion: '0.1.0' };
const TRACE = 'ab'.repeat(16);
const SPAN = 'cd'.repeat(8);

async function pageViews(): Promise<SpanRecord[]> {
  return [...(await spansOf(PAGE, PAGE_EVENTS)), ...(await spansOf(ROUTE_PAGE, ROUTE_EVENTS))];
}

/** An ExportLogsServiceRequest of `records` under one resource. */
const logsRequest = (records: unknown[], resource: unknown = { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }) =>
  JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'x' }, logRecords: records }] }] });

const oneSpan = (fields: Record<string, unknown> = {}) => ({ traceId: TRACE, spanId: SPAN, name: 'GET /x', kind: 3, startTimeUnixNano: '1732172400000000000', endTimeUnixNano: '1732172400500000000', ...fields });
const spansRequest = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('OTLP logs files', () => {
  it('are offered beside the traces formats, whose values stay, and named for their signal', () => {
    expect(FILE_FORMATS.map((f) => [f.format, f.label])).toEqual([
      ['json', 'OTLP JSON'],
      ['jsonl', 'OTLP JSON Lines'],
      ['logs.json', 'OTLP JSON, events as logs'],
      ['logs.jsonl', 'OTLP JSON Lines, events as logs'],
    ]);
    expect(fileName('spanlight-trace-2025', 'jsonl')).toBe('spanlight-trace-2025.jsonl');
    expect(fileName('spanlight-trace-2025', 'logs.jsonl')).toBe('spanlight-trace-2025.logs.jsonl');
  });

  it('writes the events as logs: one request, or one line per trace that has any', async () => {
    const spans = await pageViews();
    const events = spansToEvents(spans);
    const one = JSON.parse(otlpFile(spans, 'logs.json', browserInfo)) as { resourceLogs: { scopeLogs: { logRecords: unknown[] }[] }[] };
    expect(one.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords))).toHaveLength(events.length);
    const lines = otlpFile([...spans, { ...spans[0]!, traceId: TRACE, name: 'GET', attributes: {} }], 'logs.jsonl', browserInfo).trim().split('\n');
    // The two page views' traces; the third trace is sent as no event.
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => 'resourceLogs' in JSON.parse(line))).toBe(true);
    expect(otlpFile([{ ...spans[0]!, name: 'GET', attributes: {} }], 'logs.jsonl', browserInfo)).toBe('');
  });

  it('reads traces and logs files back together: each span carries its events', async () => {
    const spans = await pageViews();
    const traces = otlpFile(spans, 'jsonl', browserInfo);
    const logs = otlpFile(spans, 'logs.jsonl', browserInfo);
    const expected = (read: SpanRecord[]) => {
      for (const span of spans) {
        const back = read.find((s) => s.spanId === span.spanId)!;
        const sent = spansToEvents([span]).map((e) => ({ name: e.eventName, time: e.time, attributes: { ...e.attributes, 'log.record.severity_number': e.severityNumber } }));
        expect(back.events).toEqual([...span.events, ...sent]);
      }
      expect(read).toHaveLength(spans.length);
    };
    // JSON Lines, the logs before the traces as well as after; one JSON request holding both.
    for (const text of [traces + logs, logs + traces]) expected(parseOtlpFile(text));
    const both = { ...JSON.parse(otlpFile(spans, 'json', browserInfo)), ...JSON.parse(otlpFile(spans, 'logs.json', browserInfo)) } as object;
    expected(parseOtlpFile(JSON.stringify(both)));
  });

  it('makes a record whose span is not in the file a zero-duration span of its trace, with its resource', () => {
    const record = {
      timeUnixNano: '0',
      observedTimeUnixNano: '1732172400250000000',
      severityNumber: 17,
      eventName: 'exception',
      body: { stringValue: '<b>boom</b>' },
      attributes: [{ key: 'exception.type', value: { stringValue: 'Error' } }, { key: 'browser.document.url.full', value: { stringValue: 'https://shop.example/' } }],
      traceId: TRACE.toUpperCase(),
      spanId: SPAN,
    };
    const { spans, logsLeftOut } = readOtlpFile(logsRequest([record, { ...record, spanId: '', eventName: undefined, timeUnixNano: '1732172400300000000' }]));
    expect(logsLeftOut).toBe(0);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({
      traceId: TRACE,
      parentSpanId: SPAN,
      name: 'exception',
      kind: 0,
      start: [1732172400, 250_000_000],
      end: [1732172400, 250_000_000],
      attributes: { 'exception.type': 'Error', 'log.record.body': '<b>boom</b>', 'log.record.severity_number': 17 },
      resource: { 'service.name': 'api' },
      pageUrl: 'https://shop.example/',
      events: [],
    });
    expect(spans[1]).toMatchObject({ name: 'log', start: [1732172400, 300_000_000] });
    expect(spans[1]!.parentSpanId).toBeUndefined();
    expect(spans[0]!.spanId).not.toBe(spans[1]!.spanId);
    // The same file gives the same span ids: imported twice, it is stored once.
    expect(readOtlpFile(logsRequest([record])).spans[0]!.spanId).toBe(spans[0]!.spanId);
  });

  it('leaves out records without a trace, counting them, and says so', () => {
    const placed = { timeUnixNano: '1732172400100000000', eventName: 'a', traceId: TRACE, spanId: SPAN };
    const loose = { timeUnixNano: '1732172400100000000', body: { stringValue: 'x' } };
    const text = `${spansRequest([oneSpan()])}\n${logsRequest([placed, loose, { ...loose, traceId: '0'.repeat(32) }])}\n`;
    const { spans, logsLeftOut } = readOtlpFile(text);
    expect(logsLeftOut).toBe(2);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.events).toEqual([{ name: 'a', time: [1732172400, 100_000_000] }]);
    expect(importStatus('f.jsonl', { spans: 1, traces: [TRACE], known: 0, logsLeftOut })).toBe('Imported 1 span in 1 trace from f.jsonl. 2 log records without a trace left out.');
    expect(importStatus('f.jsonl', { spans: 1, traces: [TRACE], known: 0, logsLeftOut: 0 })).toBe('Imported 1 span in 1 trace from f.jsonl.');
    expect(() => readOtlpFile(logsRequest([loose]))).toThrow(/^the file holds no spans, and 1 log records without a trace$/);
  });

  it('keeps a span’s events within the limit, counting the rest as dropped', () => {
    const records = Array.from({ length: SPAN_LIMITS.events + 3 }, (_, i) => ({ timeUnixNano: String(1732172400000000000n + BigInt(i)), traceId: TRACE, spanId: SPAN }));
    const [span] = parseOtlpFile(`${spansRequest([oneSpan({ events: [{ name: 'own', timeUnixNano: '1732172400000000000' }] })])}\n${logsRequest(records)}`);
    expect(span!.events).toHaveLength(SPAN_LIMITS.events);
    expect(span!.events[0]!.name).toBe('own');
    expect(span!.droppedEvents).toBe(4);
  });

  it('names the line and field of the first problem in a log record', () => {
    const good = spansRequest([oneSpan()]);
    const bad = (record: Record<string, unknown>) => `${good}\n${logsRequest([{ timeUnixNano: '1', traceId: TRACE, ...record }])}`;
    const at = 'line 2: .resourceLogs[0].scopeLogs[0].logRecords[0]';
    expect(() => parseOtlpFile(bad({ traceId: 'xyz' }))).toThrow(`${at}.traceId: expected 32 hex digits`);
    expect(() => parseOtlpFile(bad({ spanId: 7 }))).toThrow(`${at}.spanId: expected 16 hex digits`);
    expect(() => parseOtlpFile(bad({ severityNumber: 25 }))).toThrow(`${at}.severityNumber: expected an OTLP severity number (0–24)`);
    expect(() => parseOtlpFile(bad({ timeUnixNano: undefined }))).toThrow(`${at}.timeUnixNano: expected a time (or observedTimeUnixNano)`);
    expect(() => parseOtlpFile(bad({ observedTimeUnixNano: -1 }))).toThrow(`${at}.observedTimeUnixNano: expected Unix nanoseconds`);
    expect(() => parseOtlpFile(bad({ body: { nope: 1 } }))).toThrow(`${at}.body: expected an OTLP AnyValue`);
    expect(() => parseOtlpFile(bad({ eventName: 3 }))).toThrow(`${at}.eventName: expected a string`);
    expect(() => parseOtlpFile(bad({ attributes: [{ key: 1 }] }))).toThrow(`${at}.attributes[0].key: expected a string`);
    expect(() => parseOtlpFile(`${good}\n{"resourceLogs": {}}`)).toThrow('line 2: .resourceLogs: expected an array');
    expect(() => parseOtlpFile('{"logs": []}')).toThrow('.resourceSpans: expected an array (or .resourceLogs)');
  });

  it('never throws anything but OtlpFileError on a logs file, and what it returns crosses the import channel', async () => {
    const spans = await spansOf(PAGE, PAGE_EVENTS);
    const good = { ...JSON.parse(otlpFile(spans.slice(0, 3), 'json', browserInfo)), ...JSON.parse(otlpFile(spans, 'logs.json', browserInfo)) } as Record<string, unknown>;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(good.resourceLogs, ['resourceLogs']);
    const mutated = fc.tuple(fc.constantFrom(...paths), fc.jsonValue()).map(([path, value]) => {
      const copy = structuredClone(good) as Record<string | number, unknown>;
      let at = copy;
      for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
      at[path.at(-1)!] = value;
      return JSON.stringify(copy);
    });
    fc.assert(
      fc.property(mutated, (text) => {
        try {
          for (const span of parseOtlpFile(text)) expect(parseSpanRecord(JSON.parse(JSON.stringify(span)))).toEqual(span);
        } catch (error) {
          if (!(error instanceof OtlpFileError)) throw error;
        }
      }),
      { numRuns: 5_000 },
    );
  }, 60_000);
});
