import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES, parseRetryAfter, readErrorMessage, readPartialSuccess, sendOtlp, type OtlpRequest } from '../src/export/transport';

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
    expect(sent!.redirect).toBe('manual');
    expect(sent!.headers).toEqual({ a: 'b', 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' });
    expect([...gunzipSync(sent!.body as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('sends nothing when no longer wanted once the body is compressed, and asks only then', async () => {
    let asked = 0;
    let sends = 0;
    const send = (async () => (sends++, new Response(''))) as unknown as typeof fetch;
    const compressing = sendOtlp({ ...request, stillWanted: () => (asked++, false) }, send);
    // Compression has not finished in this task: not asked yet.
    expect(asked).toBe(0);
    expect(await compressing).toEqual({ kind: 'withdrawn' });
    expect([asked, sends]).toEqual([1, 0]);
    expect(await sendOtlp({ ...request, stillWanted: () => true }, send)).toEqual({ kind: 'delivered', status: 200 });
    expect(sends).toBe(1);
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
    expect(readPartialSuccess(protobuf, 'http/protobuf')).toEqual({ rejected: 3, message: 'old' });
    const json = new TextEncoder().encode('{"partialSuccess":{"rejectedSpans":"2"}}');
    expect(readPartialSuccess(json, 'http/json')).toEqual({ rejected: 2, message: '' });
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

  it('refuses a redirect with a message naming it, and never counts it as delivered', async () => {
    const moved = new Response('', { status: 302, headers: { location: 'https://sso.example/login' } });
    const result = await sendOtlp(request, answering(moved));
    expect(result).toMatchObject({ kind: 'refused', status: 302 });
    expect((result as { message: string }).message).toMatch(/^collector answered HTTP 302, a redirect to https:\/\/sso\.example\/login: Spanlight does not follow redirects/);
    // Browsers show a redirect not followed as an opaque response, status 0, no Location.
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as unknown as Response;
    expect(await sendOtlp(request, answering(opaque))).toMatchObject({ kind: 'refused', status: 0, message: expect.stringMatching(/^collector answered a redirect: /) });
  });

  it('does not take a 2xx that is not OTLP (a login page) for delivery', async () => {
    const login = new Response('<!doctype html><title>Sign in</title>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(await sendOtlp(request, answering(login))).toEqual({
      kind: 'refused',
      status: 200,
      message: 'collector answered HTTP 200 with text/html, not OTLP (a login page or a proxy?): the spans were not delivered',
    });
    // An OTLP answer, or none, is delivery.
    for (const type of ['application/x-protobuf', 'application/protobuf', 'Application/JSON; charset=utf-8']) {
      const body = type.includes('json') ? '{}' : new Uint8Array();
      expect(await sendOtlp(request, answering(new Response(body, { status: 200, headers: { 'content-type': type } }))), type).toEqual({ kind: 'delivered', status: 200 });
    }
    expect(await sendOtlp(request, answering(new Response(null, { status: 204 })))).toEqual({ kind: 'delivered', status: 204 });
  });

  it.each([200, 400])('reads at most %s answer bytes and cancels the rest', async (status) => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 4096;
        controller.enqueue(new Uint8Array(4096).fill(0x61));
      },
      cancel() {
        cancelled = true;
      },
    });
    const result = await sendOtlp(request, answering(new Response(endless, { status: status === 200 ? 200 : 400, headers: { 'content-type': 'text/plain' } })));
    expect(result.kind).toBe('refused');
    expect(pulled).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2 * 4096);
    expect(cancelled).toBe(true);
  });

  it('reports headers the browser cannot send as a configuration error, without sending', async () => {
    let sends = 0;
    const send = (async () => {
      sends++;
      return new Response('');
    }) as unknown as typeof fetch;
    for (const headers of [{ 'bad name': 'x' }, { 'x-key': 'line\nbreak' }] as Record<string, string>[]) {
      const result = await sendOtlp({ ...request, headers }, send);
      expect(result).toMatchObject({ kind: 'config', message: expect.stringMatching(/^the export headers cannot be sent: /) });
    }
    expect(sends).toBe(0);
  });

  it('retries only network failures and timeouts: any other error is a configuration error', async () => {
    expect(await sendOtlp(request, answering(new DOMException('blocked', 'SecurityError')))).toEqual({
      kind: 'config',
      message: 'the export request could not be made (SecurityError): blocked',
    });
    expect((await sendOtlp(request, answering(new RangeError('bad init')))).kind).toBe('config');
    expect((await sendOtlp(request, answering(new TypeError('Failed to fetch')))).kind).toBe('retry');
  });
});
