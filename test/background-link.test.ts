import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { ACK_TIMEOUT_MS, BackgroundLink, MAX_DELAY_MS } from '../src/bridge/background-link';
import type { BridgeMessage } from '../src/protocol/bridge';
import { FakePort } from './support/ports';

let ports: FakePort[];
const connect = () => {
  const port = new FakePort('spanlight-bridge');
  port.peer = new FakePort('spanlight-bridge');
  port.peer.peer = port;
  ports.push(port);
  return port as unknown as Browser.runtime.Port;
};
const sent = () => ports.flatMap((p) => p.sent as BridgeMessage[]);
const answer = (type: 'ack' | 'nack', message: BridgeMessage) => ports.at(-1)!.onMessage.emit({ type, seq: message.seq, error: 'x' });
const page = { traceId: 'ab'.repeat(16), rootSpanId: 'cd'.repeat(8), timeOrigin: 1, url: 'https://a.example/' };

beforeEach(() => {
  fakeBrowser.reset();
  ports = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('background link', () => {
  it('never sends a nacked batch again, and sends an unanswered one again, as it was', () => {
    const link = new BackgroundLink(new AbortController().signal, connect);
    link.send({ type: 'events', page, events: [], dropped: 0 });
    link.send({ type: 'events', page, events: [], dropped: 1 });
    const [refused, unanswered] = sent();
    answer('nack', refused!);
    vi.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(sent().slice(2)).toEqual([unanswered]);
    expect(link.pending).toBe(1);
    expect(link.lost).toBe(0);
  });

  it('waits twice as long after each round without an ack, up to the cap, and from the start after an ack', () => {
    const link = new BackgroundLink(new AbortController().signal, connect);
    link.send({ type: 'events', page, events: [], dropped: 0 });
    const times: number[] = [];
    const start = Date.now();
    while (Date.now() - start < 40 * MAX_DELAY_MS) {
      const before = sent().length;
      vi.advanceTimersByTime(1000);
      if (sent().length > before) times.push(Date.now() - start);
    }
    const gaps = times.map((t, i) => t - (times[i - 1] ?? 0));
    expect(gaps.slice(0, 4)).toEqual([ACK_TIMEOUT_MS, 2 * ACK_TIMEOUT_MS, 4 * ACK_TIMEOUT_MS, 8 * ACK_TIMEOUT_MS]);
    expect(Math.max(...gaps)).toBe(MAX_DELAY_MS);
    answer('ack', sent()[0]!);
    link.send({ type: 'events', page, events: [], dropped: 0 });
    const before = sent().length;
    vi.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(sent().length).toBe(before + 1);
  });

  it('counts the events of batches dropped from an overflowing backlog, not the batches', () => {
    const link = new BackgroundLink(new AbortController().signal, connect);
    for (let i = 0; i < 502; i++) link.send({ type: 'events', page, events: [], dropped: 0 }, 7);
    expect(link.lost).toBe(14);
    expect(link.pending).toBe(500);
  });
});
