import { describe, expect, it } from 'vitest';
import { GRACE_MS, Matcher, MAX_WAITING, sameUrl, SOCKET_HOLD_MS } from '../src/background/network/matcher';

const at = { now: 0 };
const clock = () => at.now;
const key = (o: Partial<{ tabId: number; method: string; url: string; start: number }> = {}) => ({ tabId: 3, method: 'GET', url: 'https://api.test/data?q=1', start: 1000, ...o });

describe('matcher', () => {
  it('gives one span for a page fetch and its webRequest twin', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(key({ start: 1010 }), 1200, 'twin');
    m.seen(key());
    at.now = 1200 + GRACE_MS;
    expect(m.due()).toEqual([]);
  });
  it('matches when the page span comes first', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.seen(key());
    m.offer(key({ start: 1200 }), 1300, 'twin');
    at.now = 10 * GRACE_MS;
    expect(m.due()).toEqual([]);
  });
  it('keeps a worker fetch of the same URL started 3 s apart', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(key({ start: 1000 }), 1100, 'page');
    m.offer(key({ start: 4000 }), 4100, 'worker');
    m.seen(key({ start: 1000 }));
    at.now = 4100 + GRACE_MS;
    expect(m.due()).toEqual(['worker']);
  });
  it('decides an EventSource unmatched only after the grace', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(key({ url: 'https://app.test/events' }), 5000, 'stream');
    at.now = 5000 + GRACE_MS - 1;
    expect(m.due()).toEqual([]);
    at.now = 5000 + GRACE_MS;
    expect(m.due()).toEqual(['stream']);
    expect(m.size).toBe(0);
  });
  it('does not match another tab or method', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(key(), 1100, 'a');
    m.seen(key({ tabId: 4 }));
    m.seen(key({ method: 'POST' }));
    at.now = 1100 + GRACE_MS;
    expect(m.due()).toEqual(['a']);
  });
  it('drops and counts the oldest candidate past the cap', () => {
    at.now = 0;
    const m = new Matcher<number>(clock);
    for (let i = 0; i <= MAX_WAITING; i++) m.offer(key({ url: `https://api.test/${i}` }), 1100, i);
    expect(m.size).toBe(MAX_WAITING);
    expect(m.dropped).toBe(1);
    at.now = 1100 + GRACE_MS;
    expect(m.due()[0]).toBe(1);
  });
  it('compares URLs with the page side redaction in mind', () => {
    expect(sameUrl('https://api.test/a?token=REDACTED', 'https://api.test/a?token=s3cret')).toBe(true);
    expect(sameUrl('https://api.test/a?q=1', 'https://api.test/a?q=2')).toBe(false);
    expect(sameUrl('https://api.test/a', 'https://api.test/b')).toBe(false);
    expect(sameUrl('https://api.test/a#x', 'https://api.test/a')).toBe(true);
    expect(sameUrl('https://other.test/a', 'https://api.test/a')).toBe(false);
  });
});

describe('matcher: WebSocket handshakes', () => {
  const socket = (o: Partial<{ tabId: number; start: number; url: string }> = {}) => key({ url: 'wss://chat.test/live?token=REDACTED', ...o });

  it("waits for the page side's span of the socket, which comes when it closes", () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(socket({ url: 'wss://chat.test/live?token=s3cret' }), 1100, 'handshake', SOCKET_HOLD_MS);
    at.now = 1100 + 10 * 60_000; // open for ten minutes: long past a request's grace
    expect(m.due()).toEqual([]);
    m.seen(socket());
    at.now = 1100 + SOCKET_HOLD_MS;
    expect(m.due()).toEqual([]);
    expect(m.size).toBe(0);
  });
  it('is not taken for a fetch of the same host and path, nor a fetch candidate for a socket', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(socket({ url: 'wss://chat.test/live' }), 1100, 'handshake', SOCKET_HOLD_MS);
    m.offer(key({ url: 'https://chat.test/live' }), 1100, 'fetch');
    m.seen(key({ url: 'https://chat.test/live' }));
    m.seen(socket({ url: 'wss://chat.test/live' }));
    at.now = 1100 + SOCKET_HOLD_MS;
    expect(m.due()).toEqual([]);
    m.offer(socket({ url: 'wss://chat.test/live' }), 1100, 'unmatched', SOCKET_HOLD_MS);
    m.seen(key({ url: 'https://chat.test/live' }));
    at.now += SOCKET_HOLD_MS + 1100;
    expect(m.due()).toEqual(['unmatched']);
  });
  it('is decided GRACE_MS after its tab moved to another document, when no span of it came', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(socket(), 1100, 'left', SOCKET_HOLD_MS);
    m.offer(socket({ tabId: 4 }), 1100, 'other tab', SOCKET_HOLD_MS);
    m.offer(socket({ start: 9000 }), 9100, 'new document', SOCKET_HOLD_MS);
    at.now = 10_000;
    m.release(3, 5000);
    at.now = 10_000 + GRACE_MS - 1;
    expect(m.due()).toEqual([]);
    at.now = 10_000 + GRACE_MS;
    expect(m.due()).toEqual(['left']);
    expect(m.size).toBe(2);
  });
  it('leaves a request candidate its own grace when released', () => {
    at.now = 0;
    const m = new Matcher<string>(clock);
    m.offer(key(), 1100, 'fetch');
    at.now = 5000;
    m.release(3, 5000);
    at.now = 1100 + GRACE_MS;
    expect(m.due()).toEqual(['fetch']);
  });
});
