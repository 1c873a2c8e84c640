// Recorded Get Streams responses: test/fixtures/real/nicklaw5-helix/get-streams-response.json (SOURCES.md
// row "nicklaw5-helix/": nicklaw5/helix @3b942245c29a, MIT) and
// test/fixtures/real/twitch-helix/twitch_api-rs-get_streams-{1,2}.json (row "twitch-helix/":
// twitch-rs/twitch_api @6f98d0a32e1d, MIT/Apache-2.0).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseEventBatch } from '../../core/live-event.js';
import { mapGetStreamsResponse } from './twitch-helix.mapper.js';

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/real/${path}`, import.meta.url), 'utf8'));
const NICKLAW5 = fixture('nicklaw5-helix/get-streams-response.json');
const TWITCH_RS_1 = fixture('twitch-helix/twitch_api-rs-get_streams-1.json');
const TWITCH_RS_2 = fixture('twitch-helix/twitch_api-rs-get_streams-2.json');
const AT = Date.UTC(2026, 0, 10, 18, 0, 0);
const base = { stream: 'twitch-main', receivedAt: AT };

describe('mapGetStreamsResponse', () => {
  test('starts the stream and reads its viewers the first time the channel is seen live', () => {
    const result = mapGetStreamsResponse(NICKLAW5, { ...base, channel: 'ninja', previous: null });
    expect(result.status).toEqual({ live: true, streamId: '27833742640' });
    expect(result.events).toEqual([
      {
        stream: 'twitch-main',
        kind: 'stream_start',
        at: AT,
        id: 'twitch-stream-27833742640-start',
        count: 1,
        value: 0,
        data: { startedAt: '2018-03-06T15:07:45Z', title: 'I have lost my voice D: | twitter.com/Ninja' },
      },
      { stream: 'twitch-main', kind: 'viewers', at: AT, count: 72124, value: 0 },
    ]);
    expect(parseEventBatch(result.events)).toMatchObject({ ok: true });
  });

  test('finds the channel by its display name when the entry has no login', () => {
    const result = mapGetStreamsResponse(NICKLAW5, { ...base, channel: 'DrDisrespect', previous: null });
    expect(result.events.at(-1)).toMatchObject({ kind: 'viewers', count: 29687 });
  });

  test('only reads viewers while the same stream stays live', () => {
    const previous = { live: true as const, streamId: '123456789' };
    for (const body of [TWITCH_RS_1, TWITCH_RS_2]) {
      const result = mapGetStreamsResponse(body, { ...base, channel: 'sandysanderman', previous });
      expect(result.events).toEqual([
        { stream: 'twitch-main', kind: 'viewers', at: AT, count: 78365, value: 0 },
      ]);
    }
  });

  test('ends the stream when the channel is no longer listed', () => {
    const previous = { live: true as const, streamId: '123456789' };
    const result = mapGetStreamsResponse(TWITCH_RS_2, { ...base, channel: 'ninja', previous });
    expect(result).toEqual({
      status: { live: false },
      events: [
        {
          stream: 'twitch-main',
          kind: 'stream_end',
          at: AT,
          id: 'twitch-stream-123456789-end',
          count: 1,
          value: 0,
        },
      ],
    });
  });

  test('reports nothing for a channel that was and stays offline', () => {
    const result = mapGetStreamsResponse(
      { data: [], pagination: {} },
      { ...base, channel: 'ninja', previous: null },
    );
    expect(result).toEqual({ status: { live: false }, events: [] });
  });

  test('throws on a body that is not a Get Streams response', () => {
    expect(() =>
      mapGetStreamsResponse(
        { error: 'Unauthorized', status: 401 },
        { ...base, channel: 'x', previous: null },
      ),
    ).toThrow();
  });
});
