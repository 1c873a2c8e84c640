import { describe, expect, test } from 'vitest';
import { MAX_REPORTED_ISSUES } from './errors.js';
import { parseEventBatch, parseEventBatchInSlices, withoutNul, type LiveEvent } from './live-event.js';

const at = Date.UTC(2026, 0, 1);

describe('text without U+0000 (which PostgreSQL cannot store)', () => {
  test('the wire schema refuses it in every text field, naming each', () => {
    const result = parseEventBatch([
      { stream: 's', kind: 'chat', at, text: 'a\u0000b', user: { id: 'x\u0000', name: 'n\u0000' } },
      { stream: 's', kind: 'gift', at, id: 'i\u0000', gift: { id: 'g', name: 'r\u0000' } },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.index}:${i.field}`).sort()).toEqual([
      '0:text',
      '0:user.id',
      '0:user.name',
      '1:gift.name',
      '1:id',
    ]);
    expect(result.issues[0]!.message).toContain('U+0000');
  });

  test('normalised events from a platform keep their text, minus the NUL characters', () => {
    const e: LiveEvent = {
      stream: 's',
      kind: 'chat',
      at,
      count: 1,
      value: 0,
      text: 'he\u0000llo',
      user: { id: '1', name: '\u0000', display: 'A\u0000' },
    };
    expect(withoutNul(e)).toEqual({ ...e, text: 'hello', user: { id: '1', name: '?', display: 'A' } });
    const clean: LiveEvent = { stream: 's', kind: 'like', at, count: 3, value: 0 };
    expect(withoutNul(clean)).toBe(clean);
  });
});

describe('the time of an event', () => {
  test('is epoch ms or an ISO-8601 date-time with a zone, never a string Date.parse merely accepts', () => {
    const like = { stream: 's', kind: 'like' };
    const ok = parseEventBatch([
      { ...like, at },
      { ...like, at: '2026-01-01T00:00:00Z' },
      { ...like, at: '2026-01-01T01:00:00+01:00' },
    ]);
    expect(ok.ok && ok.events.map((e) => e.at)).toEqual([at, at, at]);
    const refused = parseEventBatch(
      ['1', '2026-01-01', '2026-01-01T00:00:00', '2026-02-30T00:00:00Z', 'Thu, 01 Jan 2026 00:00:00 GMT'].map(
        (t) => ({ ...like, at: t }),
      ),
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues.map((i) => `${i.index}:${i.field}`)).toEqual([
      '0:at',
      '1:at',
      '2:at',
      '3:at',
      '4:at',
    ]);
    expect(refused.issues[0]!.message).toContain('ISO-8601 date-time with a zone');
  });
});

describe('a huge invalid batch', () => {
  const bad = { stream: 's', kind: 'nope', at: 'bad' };

  test('lists the first 100 problems and counts them all', () => {
    const result = parseEventBatch(Array.from({ length: 5000 }, () => bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(result.total).toBe(10_000);
    expect(result.issues.slice(0, 2)).toEqual([
      expect.objectContaining({ index: 0, field: 'kind' }),
      expect.objectContaining({ index: 0, field: 'at' }),
    ]);
    expect(result.issues.at(-1)).toEqual(expect.objectContaining({ index: 49, field: 'at' }));
  });

  test('is validated in slices that let other work run, with the same answer', async () => {
    const raw = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? bad : { stream: 's', kind: 'like', at }));
    let pauses = 0;
    const sliced = await parseEventBatchInSlices(raw, () => {
      pauses += 1;
      return new Promise((resolve) => setImmediate(resolve));
    });
    expect(sliced).toEqual(parseEventBatch(raw));
    expect(sliced).toMatchObject({ ok: false, total: 100_000 });
    expect(pauses).toBeGreaterThan(0);
  });

  test('a valid batch comes out of the slices whole and in order', async () => {
    const raw = Array.from({ length: 20_000 }, (_, i) => ({ stream: 's', kind: 'like', at: at + i }));
    const sliced = await parseEventBatchInSlices(raw, () => Promise.resolve());
    expect(sliced.ok && sliced.events.map((e) => e.at)).toEqual(raw.map((e) => e.at));
  });
});

describe('unknown fields', () => {
  test('are named one by one, __proto__ included, long names cut', () => {
    const result = parseEventBatch([
      JSON.parse(
        `{"stream":"s","kind":"like","at":${at},"typo":1,"__proto__":{},"user":{"id":"1","name":"a","${'k'.repeat(100)}":1}}`,
      ),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field).sort()).toEqual([
      '__proto__',
      'typo',
      `user.${'k'.repeat(64)}…`,
    ]);
    expect(result.issues.every((i) => i.message === 'is not a known field')).toBe(true);
  });
});
