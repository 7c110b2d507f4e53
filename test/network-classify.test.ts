import { describe, expect, it } from 'vitest';
import { classify, type ClassifyContext } from '../src/background/network/classify';
import type { Observation } from '../src/background/network/observer';

const PAGE = 'https://app.test/page?x=1';
const context: ClassifyContext = {
  endpoints: ['https://collector.test/v1/traces'],
  isPageDocument: (tab, frame, url) => tab === 7 && frame === 0 && url.startsWith(PAGE),
};
const request = (o: Partial<Observation>): Observation => ({
  requestId: '1', url: 'https://api.test/data', method: 'GET', type: 'xmlhttprequest', tabId: 7, frameId: 0,
  start: 1000, end: 1100, statusCode: 200, fromCache: false, ...o,
});

describe('classify', () => {
  it('gives a beacon for Chromium ping and Firefox beacon', () => {
    expect(classify(request({ type: 'ping', method: 'POST', initiator: 'https://app.test' }), context)).toBe('beacon');
    expect(classify(request({ type: 'beacon', method: 'POST', documentUrl: PAGE }), context)).toBe('beacon');
  });
  it('gives a websocket for the handshake in both browsers', () => {
    expect(classify(request({ type: 'websocket', url: 'wss://app.test/socket', statusCode: 101 }), context)).toBe('websocket');
  });
  it('keeps a socket named by its ws URL', () => {
    expect(classify(request({ type: 'websocket', url: 'ws://app.test/socket' }), context)).toBe('websocket');
  });
  it('makes shared and service worker requests (tab -1) workers, Chromium and Firefox shapes', () => {
    expect(classify(request({ tabId: -1, frameId: -1, initiator: 'https://app.test' }), context)).toBe('worker');
    expect(classify(request({ tabId: -1, frameId: 0, documentUrl: 'https://app.test/shared.js' }), context)).toBe('worker');
  });
  it('makes a Firefox dedicated or module worker request (documentUrl the script) a worker', () => {
    expect(classify(request({ documentUrl: 'https://app.test/worker.js', originUrl: 'https://app.test/worker.js' }), context)).toBe('worker');
    expect(classify(request({ documentUrl: 'blob:https://app.test/1234' }), context)).toBe('worker');
  });
  it('makes the page own fetch a candidate in both browsers (and Chromium worker fetches, EventSource)', () => {
    expect(classify(request({ initiator: 'https://app.test' }), context)).toBe('candidate');
    expect(classify(request({ documentUrl: `${PAGE}#top` }), context)).toBe('candidate');
    expect(classify(request({ type: 'other', initiator: 'https://app.test' }), context)).toBe('candidate');
  });
  it('leaves out documents and subresources Resource Timing shows', () => {
    for (const type of ['main_frame', 'sub_frame', 'script', 'stylesheet', 'image', 'font', 'media', 'object', 'csp_report', 'imageset']) {
      expect(classify(request({ type }), context), type).toBeUndefined();
    }
  });
  it('leaves out the extension own requests and the export endpoints', () => {
    expect(classify(request({ tabId: -1, initiator: 'chrome-extension://abc' }), context)).toBeUndefined();
    expect(classify(request({ tabId: -1, originUrl: 'moz-extension://abc/background.html', documentUrl: 'moz-extension://abc/background.html' }), context)).toBeUndefined();
    expect(classify(request({ tabId: -1, url: 'https://collector.test/v1/traces', method: 'POST' }), context)).toBeUndefined();
  });
  it('leaves out non-http(s) URLs', () => {
    expect(classify(request({ url: 'data:text/plain,hi' }), context)).toBeUndefined();
    expect(classify(request({ url: 'chrome-extension://abc/x.js' }), context)).toBeUndefined();
  });
});
