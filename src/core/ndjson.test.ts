import { describe, expect, test } from 'vitest';
import { MAX_NDJSON_LINE_BYTES, parseNdjson, parseNdjsonInSlices, parseNdjsonLine } from './ndjson.js';

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const line = (event: Record<string, unknown>): string =>
  JSON.stringify({ stream: 'tiktok-a', at: T0, ...event });

describe('parseNdjson', () => {
  test('returns every line as a normalised event, in order, skipping blank lines', () => {
    const text = [
      line({ kind: 'like', count: 5 }),
      '',
      '   ',
      line({ kind: 'chat', text: 'hi', id: 'c1' }),
      '',
    ].join('\n');
    const result = parseNdjson(text);
    expect(result).toEqual({
      ok: true,
      events: [
        { stream: 'tiktok-a', kind: 'like', at: T0, count: 5, value: 0 },
        { stream: 'tiktok-a', kind: 'chat', at: T0, count: 1, value: 0, text: 'hi', id: 'c1' },
      ],
    });
  });

  test('accepts CRLF line endings and a byte-order mark', () => {
    const text = `\uFEFF${line({ kind: 'follow' })}\r\n${line({ kind: 'share' })}\r\n`;
    const result = parseNdjson(text);
    expect(result.ok && result.events.map((e) => e.kind)).toEqual(['follow', 'share']);
  });

  test('accepts ISO-8601 and epoch-ms times alike', () => {
    const text = [
      line({ kind: 'like', at: '2026-01-10T18:00:00.000Z' }),
      line({ kind: 'like', at: T0 }),
    ].join('\n');
    const result = parseNdjson(text);
    expect(result.ok && result.events.map((e) => e.at)).toEqual([T0, T0]);
  });

  test('names the event index and the 1-based line of a line that is not JSON', () => {
    const text = ['', line({ kind: 'like' }), '{"stream": "tiktok-a",', line({ kind: 'like' })].join('\n');
    const result = parseNdjson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ index: 1, field: '(line 3)' });
    expect(result.issues[0]?.message).toMatch(/^is not valid JSON: /);
  });

  test('lists every problem of every line with the event index and field, like parseEventBatch', () => {
    const text = [line({ kind: 'chat' }), 'nope', line({ kind: 'viewers', at: 1_700_000_000 })].join('\n');
    const result = parseNdjson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.index, i.field])).toEqual([
      [0, 'text'],
      [1, '(line 2)'],
      [2, 'at'],
      [2, 'count'],
    ]);
  });

  test('rejects a JSON value that is not an event object', () => {
    const result = parseNdjson('[1, 2]\n42');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues.map((i) => [i.index, i.field])).toEqual([
        [0, '(event)'],
        [1, '(event)'],
      ]);
  });

  test('returns no events and no issues for empty text', () => {
    expect(parseNdjson('')).toEqual({ ok: true, events: [] });
    expect(parseNdjson('\n\n')).toEqual({ ok: true, events: [] });
  });
});

describe('parseNdjsonLine', () => {
  test('reports schema issues under the index it is given', () => {
    const result = parseNdjsonLine(line({ kind: 'gift', count: -1 }), 7, 9);
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ index: 7, field: 'count' })] });
  });
});

describe('hostile NDJSON lines', () => {
  test('a line nested 100,000 levels deep is refused with its path, not parsed', () => {
    const deep = `{"stream":"s","kind":"like","at":1768068000000,"data":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const result = parseNdjsonLine(deep, 0, 3);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]!.field).toMatch(/^data\.a\.0\.0/);
      expect(result.issues[0]!.message).toContain('nests deeper than');
    }
  });

  test('a line longer than the limit is refused with its number', () => {
    const long = JSON.stringify({
      stream: 's',
      kind: 'like',
      at: 1768068000000,
      data: { x: 'é'.repeat(MAX_NDJSON_LINE_BYTES / 2) },
    });
    expect(parseNdjsonLine(long, 4, 5)).toEqual({
      ok: false,
      issues: [{ index: 4, field: '(line 5)', message: `is longer than ${MAX_NDJSON_LINE_BYTES} bytes` }],
    });
  });

  test('a huge text is read in slices and lists at most 100 problems with their total', async () => {
    const text = Array(30_000).fill('{"stream":"s","kind":"nope","at":1768068000000}').join('\n');
    const result = await parseNdjsonInSlices(text, () => new Promise((resolve) => setImmediate(resolve)));
    expect(result).toMatchObject({ ok: false, total: 30_000 });
    if (!result.ok) expect(result.issues).toHaveLength(100);
    expect(result).toEqual(parseNdjson(text));
  });
});
