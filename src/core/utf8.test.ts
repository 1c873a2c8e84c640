import { describe, expect, test } from 'vitest';
import { decodeUtf8, utf8ByteLength } from './utf8.js';

describe('utf8ByteLength', () => {
  test('agrees with Buffer.byteLength on every kind of character', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀é€\n', '\ud800', 'x\udc00y', '\ud83d']) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});

describe('decodeUtf8', () => {
  test('decodes valid UTF-8 and drops a byte-order mark', () => {
    expect(decodeUtf8(Buffer.from('héllo 😀'))).toBe('héllo 😀');
    expect(decodeUtf8(Buffer.from('\ufeff[1]'))).toBe('[1]');
  });

  test('answers null for bytes that are not UTF-8', () => {
    expect(decodeUtf8(Buffer.from([0x7b, 0xff, 0x7d]))).toBeNull();
    expect(decodeUtf8(Buffer.from([0xc3]))).toBeNull();
    expect(decodeUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull();
  });
});
