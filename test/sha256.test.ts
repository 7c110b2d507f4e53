import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/rules/sha256';

/** Node's SHA-256 of the string's UTF-8 bytes (lone surrogates as U+FFFD, as Buffer makes them). */
const reference = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 digests of the standard messages', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) expect(sha256Hex('x'.repeat(n)), `length ${n}`).toBe(reference('x'.repeat(n)));
  });

  it('encodes two-, three- and four-byte characters and lone surrogates as UTF-8 does', () => {
    for (const text of ['é', 'naïve café', '€100', '日本語のテキスト', '🎉', 'a🎉b😀c', '\ud800', 'x\udc00y', '\ud83d', '\ud83d\ud83d\ude00', 'é'.repeat(40)]) {
      expect(sha256Hex(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('grows its buffer for a long string and still hashes short ones after it', () => {
    const long = 'ü'.repeat(5000) + 'z'.repeat(3000);
    expect(sha256Hex(long)).toBe(reference(long));
    expect(sha256Hex('user-1')).toBe(reference('user-1'));
    expect(sha256Hex('')).toBe(reference(''));
  });

  it('agrees with node:crypto on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => sha256Hex(text) === reference(text)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => sha256Hex(text) === reference(text)), { numRuns: 300 });
  });
});
