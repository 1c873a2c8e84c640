import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { crc32, formatApiKey, isWellFormedApiKey } from './api-key-format.js';

test('CRC-32 matches the standard check value', () => {
  expect(crc32('123456789')).toBe(0xcbf43926);
  expect(crc32('')).toBe(0);
});

test('a key is spk_ and 36 base62 characters whose last 6 check the 30 before them', () => {
  for (let i = 0; i < 200; i++) {
    const key = formatApiKey(randomBytes(48));
    expect(key).toMatch(/^spk_[0-9A-Za-z]{36}$/);
    expect(isWellFormedApiKey(key)).toBe(true);
  }
});

test('a changed character, a wrong length or another prefix fails the check', () => {
  const key = formatApiKey(randomBytes(48));
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
  for (const i of [4, 20, 33, 39]) expect(isWellFormedApiKey(flip(key, i))).toBe(false);
  expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
  expect(isWellFormedApiKey(`spx_${key.slice(4)}`)).toBe(false);
  // The keys of before (random base64url) are not of this shape.
  expect(isWellFormedApiKey(`spk_${randomBytes(32).toString('base64url')}`)).toBe(false);
});

test('digits come out without bias: bytes past the last multiple of 62 are skipped', () => {
  const bytes = new Uint8Array(60).fill(1);
  bytes.set([0, 255, 61, 248, 62, 247], 0);
  expect(formatApiKey(bytes).slice(4, 9)).toBe('0z0z1');
  expect(() => formatApiKey(new Uint8Array(29))).toThrow(/not enough random bytes/);
});
