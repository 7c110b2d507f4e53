import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readErrorMessage, readPartialSuccess, sendOtlp, type OtlpRequest } from '../src/export/transport';

const request: OtlpRequest = { endpoint: 'http://c.test/v1/traces', protocol: 'http/protobuf', headers: { a: 'b' }, compression: 'gzip', body: new Uint8Array([1, 2, 3]) };
const answering = (response: Response | Error) =>
  (async () => {
    if (response instanceof Error) throw response;
    return response;
  }) as unknown as typeof fetch;

describe('OTLP transport', () => {
  it('gzips the body and says so', async () => {
    let sent: RequestInit | undefined;
    const send = (async (_: string, init: RequestInit) => {
      sent = init;
      return new Response('');
    }) as unknown as typeof fetch;
    expect(await sendOtlp(request, send)).toEqual({ kind: 'delivered', status: 200 });
    expect(sent!.headers).toEqual({ a: 'b', 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' });
    expect([...gunzipSync(sent!.body as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it.each([429, 502, 503, 504])('retries HTTP %i', async (status) => {
    expect((await sendOtlp(request, answering(new Response('', { status })))).kind).toBe('retry');
  });

  it.each([400, 401, 403, 404, 413, 500])('refuses HTTP %i for good', async (status) => {
    expect(await sendOtlp(request, answering(new Response('nope', { status })))).toEqual({ kind: 'refused', status, message: `collector answered HTTP ${status}: nope` });
  });

  it('retries a network failure and a timeout', async () => {
    expect((await sendOtlp(request, answering(new TypeError('Failed to fetch')))).kind).toBe('retry');
    const hang = ((_: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const result = await sendOtlp(request, hang, 20);
    expect(result).toMatchObject({ kind: 'retry', message: expect.stringMatching(/^collector timed out after 0.02 s/) });
  });

  it('reads Retry-After as seconds or as a date, within an hour', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('reads partial_success from protobuf and JSON answers', () => {
    // ExportTraceServiceResponse { partial_success { rejected_spans: 3, error_message: "old" } }
    const protobuf = new Uint8Array([0x0a, 0x07, 0x08, 0x03, 0x12, 0x03, 0x6f, 0x6c, 0x64]);
    expect(readPartialSuccess(protobuf, 'http/protobuf')).toEqual({ rejectedSpans: 3, message: 'old' });
    const json = new TextEncoder().encode('{"partialSuccess":{"rejectedSpans":"2"}}');
    expect(readPartialSuccess(json, 'http/json')).toEqual({ rejectedSpans: 2, message: '' });
    expect(readPartialSuccess(new Uint8Array(), 'http/protobuf')).toBeUndefined();
    expect(readPartialSuccess(new TextEncoder().encode('{}'), 'http/json')).toBeUndefined();
  });

  it('reads the message of an error answer', () => {
    // google.rpc.Status { code: 3, message: "bad" }
    const status = new Uint8Array([0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]);
    expect(readErrorMessage(status, 'application/x-protobuf')).toBe('bad');
    expect(readErrorMessage(new TextEncoder().encode('{"message":"denied"}'), 'application/json')).toBe('denied');
    expect(readErrorMessage(new TextEncoder().encode('plain\ntext'), 'text/plain')).toBe('plain text');
  });
});
