import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  checkJsonShape,
  parseBoundedJsonInSlices,
  MAX_JSON_DEPTH,
  MAX_JSON_OBJECT_KEYS,
  MAX_JSON_STRING_BYTES,
  parseBoundedJson,
} from './bounded-json.js';

const deep = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);

describe('parseBoundedJson', () => {
  test('parses JSON within the limits, escapes, strings holding brackets and all', () => {
    const text = JSON.stringify({ a: ['[{', '"}\\', { 'k"[': [1, 2, { x: null }] }], b: 'é😀' });
    expect(parseBoundedJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(parseBoundedJson(deep(MAX_JSON_DEPTH))).toEqual({
      ok: true,
      value: JSON.parse(deep(MAX_JSON_DEPTH)),
    });
  });

  test('refuses 100,000 levels of arrays or objects before parsing, naming where', () => {
    expect(parseBoundedJson(deep(100_000))).toEqual({
      ok: false,
      path: [...Array<number>(16).fill(0), '…'],
      message: `nests deeper than ${MAX_JSON_DEPTH} levels`,
    });
    const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const result = parseBoundedJson(`[{"stream":"s","data":${objects}}]`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.path.slice(0, 4)).toEqual([0, 'data', 'a', 'a']);
  });

  test('follows array indexes and keys into the path', () => {
    const text = `[{"a":1},{"b":[0,0,${deep(MAX_JSON_DEPTH)}]}]`;
    const result = parseBoundedJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.path.slice(0, 4)).toEqual([1, 'b', 2, 0]);
  });

  test('counts the keys of each object', () => {
    const wide = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    expect(parseBoundedJson(`[${wide(MAX_JSON_OBJECT_KEYS)}]`).ok).toBe(true);
    expect(parseBoundedJson(`[${wide(MAX_JSON_OBJECT_KEYS + 1)}]`)).toEqual({
      ok: false,
      path: [0, `k${MAX_JSON_OBJECT_KEYS - 1}`],
      message: `holds more than ${MAX_JSON_OBJECT_KEYS} keys`,
    });
    // Many objects of few keys each are fine.
    expect(parseBoundedJson(`[${Array(5000).fill('{"a":1,"b":2}').join(',')}]`).ok).toBe(true);
  });

  test('measures strings in UTF-8 bytes as sent', () => {
    const ascii = 'x'.repeat(MAX_JSON_STRING_BYTES);
    expect(parseBoundedJson(JSON.stringify({ t: ascii })).ok).toBe(true);
    const twoByte = 'é'.repeat(MAX_JSON_STRING_BYTES / 2 + 1);
    expect(parseBoundedJson(JSON.stringify({ t: twoByte }))).toEqual({
      ok: false,
      path: ['t'],
      message: `holds a string longer than ${MAX_JSON_STRING_BYTES} bytes`,
    });
    expect(parseBoundedJson(JSON.stringify(['😀'.repeat(MAX_JSON_STRING_BYTES / 4 + 1)])).ok).toBe(false);
  });

  test('decodes escaped keys for the path and cuts long ones', () => {
    const result = parseBoundedJson(`{"\\u005f_proto__":${deep(MAX_JSON_DEPTH)}}`);
    expect(!result.ok && result.path[0]).toBe('__proto__');
    const long = parseBoundedJson(`{"${'k'.repeat(500)}":${deep(MAX_JSON_DEPTH)}}`);
    expect(!long.ok && long.path[0]).toBe(`${'k'.repeat(64)}…`);
  });

  test('leaves __proto__ keys as plain data, not prototypes', () => {
    const result = parseBoundedJson('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.hasOwn(result.value as object, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test('answers text that is not JSON with the parser’s reason, bounded in length', () => {
    for (const text of ['', '{oops', 'NaN', '[1,]', `"${'x'.repeat(1000)}`, '\u0000']) {
      const result = parseBoundedJson(text);
      expect(result.ok, text.slice(0, 20)).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(/^is not valid JSON: /);
        expect(result.message.length).toBeLessThan(200);
      }
    }
  });
});

describe('checkJsonShape', () => {
  test('scans a 30 MB batch in one linear pass, in the time JSON.parse takes to read it', () => {
    const text = `[${Array(750_000).fill('{"stream":"s","kind":"nope","at":"bad"}').join(',')}]`;
    const timed = (work: () => unknown) => {
      const started = performance.now();
      work();
      return performance.now() - started;
    };
    const scan = Math.min(
      timed(() => checkJsonShape(text)),
      timed(() => checkJsonShape(text)),
    );
    const parse = Math.min(
      timed(() => JSON.parse(text)),
      timed(() => JSON.parse(text)),
    );
    expect(checkJsonShape(text)).toBeNull();
    // Linear: a pathological (say quadratic) scan would take many times longer.
    expect(scan).toBeLessThan(parse * 3);
  });
});

describe('parseBoundedJsonInSlices', () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  // Whitespace makes any text long enough to be read in slices.
  const padded = (text: string) => `${text}${' '.repeat(1_100_000)}`;

  test('reads what parseBoundedJson reads, and refuses what it refuses', async () => {
    const texts = [
      '[]',
      ' [ ] ',
      '[1,2,[3,{"a":[4,5]}],"x,]",{"b,":"]"}]',
      '{"events":[1,2]}',
      '"text"',
      '[1] [2]',
      '[1,,2]',
      '[1,2',
      '[1,2]]',
      '{"a":1',
      `[${'['.repeat(100)}${']'.repeat(100)}]`,
      `[{"k":"${'x'.repeat(70_000)}"}]`,
    ];
    for (const text of texts) {
      const sliced = await parseBoundedJsonInSlices(padded(text), nextTurn);
      const whole = parseBoundedJson(padded(text));
      expect(sliced.ok, text.slice(0, 40)).toBe(whole.ok);
      if (sliced.ok && whole.ok) expect(sliced.value).toEqual(whole.value);
      if (!sliced.ok && !whole.ok && whole.path.length > 0) expect(sliced).toEqual(whole);
    }
  });

  test('agrees with JSON.parse on generated arrays of JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 30 }), async (values) => {
        const sliced = await parseBoundedJsonInSlices(padded(JSON.stringify(values)), nextTurn);
        expect(sliced).toEqual({ ok: true, value: JSON.parse(JSON.stringify(values)) });
      }),
      { numRuns: 100 },
    );
  });

  test('reads a 30 MB array in slices, none holding the event loop as long as reading it whole', async () => {
    const text = `[${Array(750_000).fill('{"stream":"s","kind":"nope","at":"bad"}').join(',')}]`;
    let longest = 0;
    let sliceStart = performance.now();
    const result = await parseBoundedJsonInSlices(text, async () => {
      longest = Math.max(longest, performance.now() - sliceStart);
      await nextTurn();
      sliceStart = performance.now();
    });
    expect(result.ok && (result.value as unknown[]).length).toBe(750_000);
    // Unsliced, the scan and the parse hold the event loop in one go.
    const whole = performance.now();
    parseBoundedJson(text);
    expect(longest).toBeLessThan(performance.now() - whole);
  });
});
