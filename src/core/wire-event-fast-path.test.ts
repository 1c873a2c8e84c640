import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FORBIDDEN_DATA_KEYS } from './event-data.js';
import { EVENT_KINDS, WIRE_EVENT_KINDS } from './event-kinds.js';
import { wireEventSchema } from './live-event.js';
import { parseWireEventFast } from './wire-event-fast-path.js';

/** What the zod schema makes of a value, normalised the way parseEventBatch does. */
function viaSchema(raw: unknown) {
  const r = wireEventSchema.safeParse(raw);
  if (!r.success) return null;
  const { count, value, ...rest } = r.data;
  return { ...rest, count: count ?? 1, value: value ?? 0 };
}

const T = Date.UTC(2026, 0, 1);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const text = (max: number) =>
  fc.oneof(fc.string({ maxLength: max }), fc.string({ minLength: max - 2, maxLength: max + 2 }));
const id = fc.oneof(
  text(200),
  fc.integer({ min: -5, max: 1e6 }),
  fc.constant(''),
  fc.double(),
  fc.constant(2 ** 60),
);
const at = fc.oneof(
  fc.integer({ min: T - 1e9, max: T + 1e9 }),
  fc.constantFrom(
    946_684_800_000 - 1,
    946_684_800_000,
    32_503_680_000_000,
    1_700_000_000,
    1.5e12 + 0.5,
    Number.NaN,
    Infinity,
  ),
  fc.constantFrom(
    '2026-01-10T18:00:00Z',
    '2026-01-10',
    'yesterday',
    '',
    '1999-12-31T23:59:59Z',
    '3001-01-01T00:00:00Z',
  ),
);
const candidate = fc
  .record({
    stream: fc.oneof(
      fc.constantFrom('tiktok-a', 'a', 'A', '../x', '', '-a', 'a'.repeat(64), 'a'.repeat(65)),
      fc.string(),
    ),
    kind: fc.oneof(fc.constantFrom(...EVENT_KINDS), fc.constantFrom('dance', '', 'Like')),
    at,
    id: maybe(fc.oneof(text(200), fc.integer())),
    user: maybe(
      fc.oneof(
        fc.record({ id, name: fc.oneof(text(200), fc.constant('')), display: maybe(text(200)) }),
        fc.record({ id, name: text(10), extra: fc.integer() }),
        fc.constant(null),
        fc.constant('bob'),
      ),
    ),
    count: maybe(fc.oneof(fc.integer({ min: -3, max: 2e9 }), fc.double(), fc.constant('5'))),
    value: maybe(fc.oneof(fc.double({ min: -1, max: 2e12 }), fc.constantFrom(Number.NaN, Infinity, 0, '1'))),
    text: maybe(text(2000)),
    gift: maybe(
      fc.oneof(
        fc.record({ id, name: text(200) }),
        fc.record({ id, name: text(5), x: fc.nat() }),
        fc.constant([]),
      ),
    ),
    data: maybe(
      fc.oneof(
        fc.dictionary(fc.string(), fc.integer()),
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
        fc.dictionary(fc.string(), fc.string({ minLength: 900, maxLength: 1100 }), {
          minKeys: 3,
          maxKeys: 5,
        }),
        fc.constant(JSON.parse('{"__proto__": {"x": 1}}') as unknown),
        fc.constant([1]),
        fc.constant(null),
      ),
    ),
    type: maybe(fc.constant('typo')),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

/** Events as tool authors send them: all valid, every optional field in play. */
const valid = fc
  .record({
    stream: fc.constantFrom('tiktok-a', 'twitch_b', 'x1'),
    kind: fc.constantFrom(...WIRE_EVENT_KINDS),
    at: fc.oneof(fc.integer({ min: T, max: T + 1e9 }), fc.constant('2026-01-10T18:00:00.123Z')),
    id: maybe(fc.string({ minLength: 1, maxLength: 40 })),
    user: maybe(
      fc.record({
        id: fc.oneof(fc.string({ minLength: 1 }), fc.nat()),
        name: fc.string({ minLength: 1 }),
        display: maybe(fc.string()),
      }),
    ),
    count: fc.nat({ max: 1e6 }),
    value: maybe(fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true }))),
    text: fc.string({ maxLength: 300 }),
    gift: maybe(
      fc.record({ id: fc.oneof(fc.string({ minLength: 1 }), fc.nat()), name: fc.string({ minLength: 1 }) }),
    ),
    // As JSON.parse makes them (fast-check's dictionaries have no prototype), without the keys
    // refused at any depth.
    data: maybe(
      fc
        .dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
        .map((d) => JSON.stringify(d))
        .filter((json) => ![...FORBIDDEN_DATA_KEYS].some((k) => json.includes(`"${k}":`)))
        .map((json) => JSON.parse(json) as Record<string, unknown>),
    ),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

describe('the push fast path', () => {
  test('never accepts what the schema refuses, and gives exactly the schema result when it accepts', () => {
    fc.assert(
      fc.property(candidate, (raw) => {
        const fast = parseWireEventFast(raw);
        if (fast !== null) expect(fast).toEqual(viaSchema(raw));
      }),
      { numRuns: 5000 },
    );
  });

  test('takes every schema-valid event (so the fast path is really used)', () => {
    fc.assert(
      fc.property(valid, (raw) => {
        const expected = viaSchema(raw);
        expect(expected).not.toBeNull();
        expect(parseWireEventFast(raw)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  test('takes small plain data objects, and defers large or unusual ones to the schema', () => {
    const like = { stream: 's', kind: 'like', at: T };
    expect(parseWireEventFast({ ...like, data: { a: 1, b: [true, null] } })).toEqual(
      viaSchema({ ...like, data: { a: 1, b: [true, null] } }),
    );
    expect(parseWireEventFast({ ...like, data: { big: 'x'.repeat(5000) } })).toBeNull();
    expect(parseWireEventFast({ ...like, data: JSON.parse('{"__proto__": {"x": 1}}') })).toBeNull();
    expect(parseWireEventFast({ ...like, data: [1] })).toBeNull();
  });
});
