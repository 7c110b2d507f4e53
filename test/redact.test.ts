import { describe, expect, it } from 'vitest';
import { Tracer } from '../src/tracer/tracer';

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
