import { describe, expect, it } from 'vitest';
import { PAGE_LIMITS, parsePageEvent, parsePageSideBatch, type PageEvent } from '../src/protocol/page';
import { durationMs, SpanKind, StatusCode } from '../src/protocol/span';
import { PAGE, spansOf } from './support/page-events';

const socket = {
  type: 'websocket',
  url: 'wss://chat.test/live?token=s3cret',
  start: 100,
  end: 5100.5,
  protocol: 'chat.v2',
  messages_sent: 3,
  messages_received: 5,
  bytes_sent: 17,
  bytes_received: 2_000_000,
  code: 1000,
  clean: true,
  error: '',
  view: 0,
} as const;
const workerError = {
  type: 'error',
  kind: 'error',
  time: 300,
  errorType: 'TypeError',
  message: 'boom from a worker',
  file: 'https://app.test/worker.js',
  line: 4,
  column: 11,
  worker: 'module',
  script: 'https://app.test/worker.js?key=s3cret',
} as const;

describe('websocket page event', () => {
  it('parses as the page side sends it, and crosses from the page side', () => {
    expect(parsePageEvent(socket)).toEqual(socket);
    expect(parsePageEvent({ ...socket, extra: 'x', opened: true })).toEqual(socket);
    expect(parsePageSideBatch([socket, socket])).toEqual({ events: [socket, socket], dropped: 0 });
  });
  it.each([
    ['a URL over the limit', { url: `wss://a.test/${'x'.repeat(PAGE_LIMITS.url)}` }],
    ['a subprotocol over the limit', { protocol: 'p'.repeat(PAGE_LIMITS.short + 1) }],
    ['no subprotocol field', { protocol: undefined }],
    ['a negative count', { messages_sent: -1 }],
    ['a fractional size', { bytes_received: 1.5 }],
    ['a size past 2^53', { bytes_sent: 2 ** 54 }],
    ['a string count', { messages_received: '5' }],
    ['a missing count', { bytes_received: undefined }],
    ['a close code past 4999', { code: 5000 }],
    ['a fractional close code', { code: 1000.5 }],
    ['a missing wasClean', { clean: undefined }],
    ['a non-boolean wasClean', { clean: 'yes' }],
    ['an error that is no string', { error: 42 }],
    ['an error over the limit', { error: 'e'.repeat(PAGE_LIMITS.short + 1) }],
    ['a NaN start', { start: NaN }],
    ['a negative view', { view: -1 }],
  ])('is refused with %s', (_name, change) => {
    expect(parsePageEvent({ ...socket, ...change })).toBeUndefined();
    expect(parsePageSideBatch([{ ...socket, ...change }])).toEqual({ events: [], dropped: 1 });
  });
});

describe('worker error page event', () => {
  it("parses with the worker's kind and script", () => {
    expect(parsePageEvent(workerError)).toEqual(workerError);
    expect(parsePageEvent({ ...workerError, worker: 'dedicated' })).toEqual({ ...workerError, worker: 'dedicated' });
  });
  it.each([
    ['another kind of worker', { worker: 'shared' }],
    ['a script over the limit', { script: `https://a.test/${'x'.repeat(PAGE_LIMITS.url)}` }],
    ['a script that is no string', { script: ['https://a.test/w.js'] }],
  ])('is refused with %s', (_name, change) => {
    expect(parsePageEvent({ ...workerError, ...change })).toBeUndefined();
  });
});

async function spanOf(event: PageEvent) {
  const spans = await spansOf(PAGE, [event]);
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('WebSocket span', () => {
  it('is a client span of the socket with its server, counts and close, URL redacted', async () => {
    const span = await spanOf(socket);
    expect(span.name).toBe('WebSocket');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.parentSpanId).toBe(PAGE.rootSpanId);
    expect(span.status.code).toBe(StatusCode.UNSET);
    expect(durationMs(span)).toBeCloseTo(5000.5, 6);
    expect(span.attributes).toMatchObject({
      'url.full': 'wss://chat.test/live?token=REDACTED',
      'server.address': 'chat.test',
      'server.port': 443,
      'network.protocol.name': 'websocket',
      'spanlight.websocket.protocol': 'chat.v2',
      'spanlight.websocket.messages_sent': 3,
      'spanlight.websocket.messages_received': 5,
      'spanlight.websocket.bytes_sent': 17,
      'spanlight.websocket.bytes_received': 2_000_000,
      'spanlight.websocket.close_code': 1000,
      'spanlight.websocket.was_clean': true,
    });
    expect(span.attributes['error.type']).toBeUndefined();
  });
  it('says nothing of a subprotocol the server did not choose, and ws:// is port 80', async () => {
    const span = await spanOf({ ...socket, url: 'ws://chat.test/live', protocol: '' });
    expect(span.attributes['server.port']).toBe(80);
    expect(span.attributes).not.toHaveProperty('spanlight.websocket.protocol');
  });
  it('fails with its close code when it closed uncleanly, or with HandshakeError', async () => {
    const unclean = await spanOf({ ...socket, code: 1006, clean: false, error: '1006' });
    expect(unclean.status).toMatchObject({ code: StatusCode.ERROR, message: '1006' });
    expect(unclean.attributes['error.type']).toBe('1006');
    expect(unclean.attributes['spanlight.websocket.was_clean']).toBe(false);
    const refused = await spanOf({ ...socket, code: 1006, clean: false, error: 'HandshakeError', messages_sent: 0, messages_received: 0, bytes_sent: 0, bytes_received: 0 });
    expect(refused.status.code).toBe(StatusCode.ERROR);
    expect(refused.attributes['error.type']).toBe('HandshakeError');
  });
  it('has no close code when the page was left with it open', async () => {
    const span = await spanOf({ ...socket, code: 0, clean: false });
    expect(span.status.code).toBe(StatusCode.UNSET);
    expect(span.attributes).not.toHaveProperty('spanlight.websocket.close_code');
    expect(span.attributes).not.toHaveProperty('spanlight.websocket.was_clean');
    expect(span.attributes['spanlight.websocket.messages_received']).toBe(5);
  });
});

describe("a worker's exception span", () => {
  it("names the worker's kind and its script (redacted) beside the page's exception attributes", async () => {
    const span = await spanOf(workerError);
    expect(span.name).toBe('exception');
    expect(span.status.code).toBe(StatusCode.ERROR);
    expect(span.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'boom from a worker',
      'spanlight.error.kind': 'error',
      'code.file.path': 'https://app.test/worker.js',
      'code.line.number': 4,
      'code.column.number': 11,
      'spanlight.worker.kind': 'module',
      'spanlight.worker.script': 'https://app.test/worker.js?key=REDACTED',
    });
  });
  it("is the page's own exception without them", async () => {
    const { worker: _w, script: _s, ...own } = workerError;
    const span = await spanOf(own);
    expect(span.attributes).not.toHaveProperty('spanlight.worker.kind');
    expect(span.attributes).not.toHaveProperty('spanlight.worker.script');
  });
});
