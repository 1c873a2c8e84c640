import { describe, expect, test } from 'vitest';
import { checkEventData, MAX_DATA_BYTES, MAX_DATA_DEPTH, MAX_DATA_KEYS } from './event-data.js';
import { parseEventBatch } from './live-event.js';

/** `{ a: { a: ... { a: 1 } } }` with `levels` objects. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const like = { stream: 's', kind: 'like', at: Date.UTC(2026, 0, 1) };

describe('checkEventData', () => {
  test('takes a small object nested up to the depth limit', () => {
    expect(checkEventData({ gift: { id: 1, tags: ['a', null, true] } })).toBeNull();
    expect(checkEventData(nested(MAX_DATA_DEPTH))).toBeNull();
  });

  test('names the first level past the depth limit', () => {
    const problem = checkEventData(nested(MAX_DATA_DEPTH + 1));
    expect(problem).toEqual({
      path: Array<string>(MAX_DATA_DEPTH).fill('a'),
      message: `nests deeper than ${MAX_DATA_DEPTH} levels`,
    });
  });

  test('refuses 100,000 nested arrays at once, without recursion', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) as unknown;
    expect(checkEventData(deep)?.message).toBe(`nests deeper than ${MAX_DATA_DEPTH} levels`);
  });

  test('counts the size in UTF-8 bytes, not characters', () => {
    // 2,000 two-byte characters: 2,000 UTF-16 units but 4,000 bytes, plus `{"t":""}`.
    expect(checkEventData({ t: 'é'.repeat(2000) })).toBeNull();
    expect(checkEventData({ t: 'é'.repeat(2045) })).toEqual({
      path: [],
      message: `must serialise to at most ${MAX_DATA_BYTES} bytes of UTF-8 JSON`,
    });
    expect(checkEventData({ t: '😀'.repeat(1021) })).toBeNull();
    expect(checkEventData({ t: '😀'.repeat(1023) })).not.toBeNull();
  });

  test('stops early on a huge array or string instead of serialising it', () => {
    expect(checkEventData({ a: new Array<number>(5_000_000).fill(0) })?.message).toContain('4096 bytes');
    expect(checkEventData({ a: 'x'.repeat(30_000_000) })?.message).toContain('4096 bytes');
  });

  test('counts the keys of every nested object', () => {
    const wide = (n: number, from = 0) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${from + i}`, 0]));
    expect(checkEventData({ ...wide(100), inner: wide(MAX_DATA_KEYS - 101, 100) })).toBeNull();
    expect(checkEventData({ ...wide(100), inner: wide(MAX_DATA_KEYS - 100, 100) })).toEqual({
      path: [],
      message: `holds more than ${MAX_DATA_KEYS} keys in all`,
    });
  });

  test('refuses __proto__, constructor and prototype keys at any depth, naming them', () => {
    expect(checkEventData(JSON.parse('{"__proto__": {"polluted": 1}}'))?.path).toEqual(['__proto__']);
    expect(checkEventData({ a: [{ constructor: { prototype: 1 } }] })?.path).toEqual(['a', 0, 'constructor']);
    expect(checkEventData({ a: { prototype: 1 } })?.path).toEqual(['a', 'prototype']);
  });

  test('ends on a cyclic value', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(checkEventData(cyclic)).not.toBeNull();
  });
});

describe('data in a batch', () => {
  test('a __proto__ key is refused with its field, beside the other problems of the event', () => {
    const result = parseEventBatch([
      { ...like, count: -1, data: JSON.parse('{"ok": 1, "__proto__": {"x": 1}}') as unknown },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({ index: 0, field: 'count' }),
        expect.objectContaining({ index: 0, field: 'data.__proto__' }),
      ],
      total: 2,
    });
  });

  test('deep data is refused with the path where it went too deep', () => {
    const result = parseEventBatch([{ ...like, data: nested(40) }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.field).toBe(`data.${Array(16).fill('a').join('.')}`);
  });
});
