/** fast-check arbitraries of what stored records hold, for the encoder property tests. */
import fc from 'fast-check';
import type { AttributeValue, HrTime } from '../../src/protocol/span';

/** A lowercase hex id of `bytes` bytes. */
export const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));

/** Strings of every size class a length prefix has (1, 2 and 3 bytes), ASCII or not. */
export const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 120, maxLength: 300 }),
  fc.nat({ max: 3 }).map((n) => 'x'.repeat([127, 128, 16_383, 16_384][n]!)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Attribute values, the ones past int64 and not finite included. */
export const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  text,
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, 2 ** 32, -(2 ** 32), 2 ** 63, -(2 ** 63), Number.MAX_VALUE, Infinity, NaN),
  fc.double(),
);

/** Attributes under random keys (none, in practice, a measurement's: see doubles.ts). */
export const attributes = fc.dictionary(fc.string({ maxLength: 30 }), value, { maxKeys: 12 });

export const time: fc.Arbitrary<HrTime> = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 + 5 }), fc.integer({ min: 0, max: 999_999_999 }));

export const pageUrl = fc.oneof(fc.constantFrom('https://shop.example/cart', 'https://shop.example/', 'http://127.0.0.1:8080/x', 'not a url', ''), fc.webUrl());
