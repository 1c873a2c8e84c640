import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EVENT_KINDS, type LiveEvent } from '../../core/live-event.js';
import { packEvents, unpackEvents } from './event-columns.js';

/** Text as the engines may receive it: empty, accented, emoji (surrogate pairs), long. */
const text = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
  fc.constantFrom('Zoë', '🌹🌹', 'a'.repeat(200), '名前'),
);

const event: fc.Arbitrary<LiveEvent> = fc
  .record({
    stream: fc.constantFrom('tiktok-a', 'twitch-b', 'yt'),
    kind: fc.constantFrom(...EVENT_KINDS),
    at: fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
    count: fc.integer({ min: 0, max: 1_000_000 }),
    value: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
    id: fc.option(text, { nil: undefined }),
    text: fc.option(text, { nil: undefined }),
    user: fc.option(
      fc.record(
        { id: text, name: text, display: fc.option(text, { nil: undefined }) },
        { requiredKeys: ['id', 'name'] },
      ),
      { nil: undefined },
    ),
    gift: fc.option(fc.record({ id: text, name: text }), { nil: undefined }),
    data: fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), text)), {
      nil: undefined,
    }),
  })
  .map((e) => {
    const out: LiveEvent = { stream: e.stream, kind: e.kind, at: e.at, count: e.count, value: e.value };
    if (e.id !== undefined) out.id = e.id;
    if (e.text !== undefined) out.text = e.text;
    if (e.user !== undefined) out.user = e.user;
    if (e.gift !== undefined) out.gift = e.gift;
    if (e.data !== undefined) out.data = e.data;
    return out;
  });

describe('packed events', () => {
  test('unpack gives back every field of every event, absent fields as null', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const c = unpackEvents(structuredClone(packEvents(events)));
        expect(c.stream).toEqual(events.map((e) => e.stream));
        expect(c.kind).toEqual(events.map((e) => e.kind));
        expect(c.at).toEqual(events.map((e) => e.at));
        expect(c.count).toEqual(events.map((e) => e.count));
        expect(c.value).toEqual(events.map((e) => e.value));
        expect(c.id).toEqual(events.map((e) => e.id ?? null));
        expect(c.text).toEqual(events.map((e) => e.text ?? null));
        expect(c.userId).toEqual(events.map((e) => e.user?.id ?? null));
        expect(c.userName).toEqual(events.map((e) => e.user?.name ?? null));
        expect(c.userDisplay).toEqual(events.map((e) => e.user?.display ?? null));
        expect(c.giftId).toEqual(events.map((e) => e.gift?.id ?? null));
        expect(c.giftName).toEqual(events.map((e) => e.gift?.name ?? null));
        expect(c.data).toEqual(events.map((e) => (e.data ? JSON.stringify(e.data) : null)));
      }),
    );
  });

  test('each distinct stream id is sent once', () => {
    const at = Date.UTC(2026, 0, 1);
    const events: LiveEvent[] = ['a', 'b', 'a', 'a', 'c', 'b'].map((stream) => ({
      stream,
      kind: 'like',
      at,
      count: 1,
      value: 0,
    }));
    expect(packEvents(events).streams).toEqual(['a', 'b', 'c']);
  });
});
