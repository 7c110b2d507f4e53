import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/tracer/redact';

describe('redactUrl', () => {
  it.each([
    ['https://a.example/p?token=abc&q=shoes', 'https://a.example/p?token=REDACTED&q=shoes'],
    ['https://a.example/p?api_key=1&Password=2&x=3', 'https://a.example/p?api_key=REDACTED&Password=REDACTED&x=3'],
    ['https://a.example/cb#access_token=xyz&state=1', 'https://a.example/cb#access_token=REDACTED&state=1'],
    ['https://user:pw@a.example/', 'https://a.example/'],
    ['https://a.example/p?session%5Fid=9', 'https://a.example/p?session%5Fid=REDACTED'],
    ['https://a.example/#section-2', 'https://a.example/#section-2'],
  ])('redacts %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('leaves a string that is not a URL alone', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
