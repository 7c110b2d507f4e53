import { describe, expect, it } from 'vitest';
import { Tracer, toSpans } from '../src/tracer/tracer';
import { DEFAULT_REDACTION, redactSpans, redactor, type RedactionRules } from '../src/redaction';

const { writer } = await Tracer.load('content');

describe('URL redaction in the core', () => {
  it.each([
    ['https://a.example/p?token=abc&q=shoes', 'https://a.example/p?token=REDACTED&q=shoes'],
    ['https://a.example/p?api_key=1&Password=2&x=3', 'https://a.example/p?api_key=REDACTED&Password=REDACTED&x=3'],
    ['https://a.example/cb#access_token=xyz&state=1', 'https://a.example/cb#access_token=REDACTED&state=1'],
    ['https://user:pw@a.example/', 'https://a.example/'],
    ['https://user@a.example/p?email=x@y.z', 'https://a.example/p?email=x@y.z'],
    ['https://a.example/p@q?x=1', 'https://a.example/p@q?x=1'],
    ['https://a.example/p?session%5Fid=9', 'https://a.example/p?session%5Fid=REDACTED'],
    ['https://a.example/p?%E2%9C%93=1&auth=%E2%9C%93', 'https://a.example/p?%E2%9C%93=1&auth=REDACTED'],
    ['https://a.example/p?a=1&&code=&b', 'https://a.example/p?a=1&&code=REDACTED&b'],
    ['https://a.example/ü?key=ü#x', 'https://a.example/ü?key=REDACTED#x'],
    ['https://a.example/#section-2', 'https://a.example/#section-2'],
    ['/relative?token=1', '/relative?token=REDACTED'],
  ])('redacts %s', (input, expected) => {
    expect(writer.redactUrl(input)).toBe(expected);
  });

  it('leaves a string that is not a URL alone', () => {
    expect(writer.redactUrl('not a url')).toBe('not a url');
  });

  it('replaces whole a URL too long for the core', () => {
    expect(writer.redactUrl(`https://a.example/?q=${'x'.repeat(20_000)}`)).toBe('REDACTED');
  });
});

describe('redaction patterns, applied as the background receives a batch', () => {
  const page = { traceId: '0af7651916cd43dd8448eb211c80319c', rootSpanId: 'b7ad6b7169203331', timeOrigin: 1_700_000_000_000 };
  const spansWith = async (rules: RedactionRules) => {
    const batch = toSpans(await Tracer.load('background'), { ...page, url: 'https://shop.example/u/ann@example.com?order=4111 1111 1111 1111' }, [
      { type: 'http', api: 'fetch', method: 'GET', url: 'https://api.example/v1?to=bob%40example.org&account=123456789&token=t', start: 1, end: 2, status: 200 },
      { type: 'error', kind: 'error', errorType: 'Error', message: 'no user carol@example.net, ticket SSN-42', time: 3 },
    ]);
    const redact = redactor(rules);
    if (redact) redactSpans(batch.spans, redact);
    return batch;
  };

  it('remove emails by default, after the core removed secret parameters, from every string of a span', async () => {
    const { spans } = await spansWith(DEFAULT_REDACTION);
    const text = JSON.stringify(spans);
    expect(text).not.toMatch(/ann@|bob%40|carol@|token=t/);
    expect(text).toContain('https://api.example/v1?to=REDACTED&account=123456789&token=REDACTED');
    expect(spans[0]!.pageUrl).toBe('https://shop.example/u/REDACTED?order=4111 1111 1111 1111');
  });

  it('remove long digit runs and the user own patterns when asked, and nothing when all are off', async () => {
    const { spans } = await spansWith({ emails: false, digits: true, patterns: ['ssn-\\d+'] });
    const text = JSON.stringify(spans);
    expect(spans[0]!.pageUrl).toBe('https://shop.example/u/ann@example.com?order=REDACTED');
    expect(text).toContain('account=REDACTED');
    expect(text).toContain('ticket REDACTED');
    const none = JSON.stringify((await spansWith({ emails: false, digits: false, patterns: [] })).spans);
    expect(none).toContain('carol@example.net');
    expect(none).toContain('SSN-42');
  });

  it('leave strings without a match as they are', () => {
    const redact = redactor({ emails: true, digits: true, patterns: ['secret'] })!;
    for (const text of ['GET /api/items', 'order 12345678', 'a @ b', 'https://a.example/?q=1']) expect(redact(text)).toBe(text);
    expect(redactor({ emails: false, digits: false, patterns: [] })).toBeUndefined();
  });
});
