// Fixtures: test/fixtures/real/tiktok-live-connector-readme/*.json, the SOURCES.md row
// "tiktok-live-connector-readme/" (zerodytrash/TikTok-Live-Connector README "Data Structure"
// blocks @92ef1626a5a1, AGPL-3.0, recorded 2022-08-30; origin also in that folder's SOURCE.txt).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseEventBatch, type LiveEvent } from '../../core/live-event.js';
import { TikTokMapper, type TikTokLibraryEvent } from './tiktok.mapper.js';
import type { TikTokMessage, TikTokUserMessage } from './tiktok-messages.js';

const STREAM = 'tiktok-main';
const AT = 1_700_000_000_000;

type Flat = Record<string, unknown>;

function readme(name: string): Flat {
  const url = new URL(
    `../../../test/fixtures/real/tiktok-live-connector-readme/${name}.json`,
    import.meta.url,
  );
  return JSON.parse(readFileSync(url, 'utf8')) as Flat;
}

/**
 * Test helper: the README samples are in the flat 1.x shape (`uniqueId`, `msgId`, `likeCount` at
 * the top); tiktok-live-connector 2.x emits the nested tiktok-live-proto v3 messages instead. The
 * mapper accepts only the 2.x shape (one shape, the one the running library produces), so this
 * moves each 1.x field to where v3 keeps it: msgId/createTime/displayType -> `common`,
 * userId/uniqueId/nickname -> `user.id/displayId/nickname`, plus the per-kind renames below.
 */
function toV3(flat: Flat): TikTokUserMessage {
  return {
    common: {
      msgId: flat.msgId as string,
      createTime: flat.createTime as string,
      displayText: { key: flat.displayType as string | undefined },
    },
    user: {
      id: flat.userId as string,
      displayId: flat.uniqueId as string,
      nickname: flat.nickname as string,
    },
  };
}

function ok(events: LiveEvent[]): LiveEvent[] {
  const result = parseEventBatch(events);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.events;
}

const zerody = { id: '6813181309701719620', name: 'zerodytester', display: 'Zerody Tester' };

describe('TikTokMapper on the tiktok-live-connector README samples (adapted to 2.x)', () => {
  test('maps a chat message to a chat event with its text, user and message id', () => {
    const flat = readme('chat');
    const events = ok(
      new TikTokMapper(STREAM).map(
        { event: 'chat', data: { ...toV3(flat), content: flat.comment as string } },
        AT,
      ),
    );
    expect(events).toEqual([
      {
        stream: STREAM,
        kind: 'chat',
        at: AT,
        id: '7137750790064065286',
        user: zerody,
        count: 1,
        value: 0,
        text: 'How are you?',
      },
    ]);
  });

  test('maps a like batch to its likeCount and keeps the platform total in data.total_likes', () => {
    const flat = readme('like');
    const data = { ...toV3(flat), count: flat.likeCount as number, total: String(flat.totalLikeCount) };
    const events = ok(new TikTokMapper(STREAM).map({ event: 'like', data }, AT));
    expect(events).toEqual([
      {
        stream: STREAM,
        kind: 'like',
        at: AT,
        id: '7137750883651619630',
        user: zerody,
        count: 6,
        value: 0,
        data: { total_likes: 21349 },
      },
    ]);
  });

  test('maps a roomUser message to a viewers reading', () => {
    const flat = readme('roomUser');
    const data = { common: { msgId: '' }, total: String(flat.viewerCount) };
    expect(ok(new TikTokMapper(STREAM).map({ event: 'roomUser', data }, AT))).toEqual([
      { stream: STREAM, kind: 'viewers', at: AT, count: 630, value: 0 },
    ]);
  });

  test('counts a streak-ending gift once with the platform diamond count as value', () => {
    const flat = readme('gift');
    const data: TikTokLibraryEvent = {
      event: 'gift',
      data: {
        ...toV3(flat),
        giftId: String(flat.giftId),
        repeatCount: flat.repeatCount as number,
        repeatEnd: flat.repeatEnd as boolean,
        groupId: flat.groupId as string,
        gift: {
          id: String(flat.giftId),
          name: flat.giftName as string,
          type: flat.giftType as number,
          diamondCount: flat.diamondCount as number,
        },
      },
    };
    expect(ok(new TikTokMapper(STREAM).map(data, AT))).toEqual([
      {
        stream: STREAM,
        kind: 'gift',
        at: AT,
        id: 'streak:6813181309701719620:5953:1661887131074',
        user: zerody,
        count: 1,
        value: 25,
        gift: { id: '5953', name: 'Nevalyashka doll' },
        data: { value_source: 'platform', diamonds_each: 25, streak_closed_by: 'repeat_end' },
      },
    ]);
  });

  test('maps member (joined) to join and the follow and share samples to follow and share', () => {
    const mapper = new TikTokMapper(STREAM);
    const member = readme('member');
    const join = ok(
      mapper.map({ event: 'member', data: { ...toV3(member), action: member.actionId as number } }, AT),
    );
    const follow = ok(mapper.map({ event: 'follow', data: toV3(readme('follow')) }, AT));
    const share = ok(mapper.map({ event: 'share', data: toV3(readme('share')) }, AT));
    expect(join).toEqual([
      { stream: STREAM, kind: 'join', at: AT, id: '7137750885996120859', user: zerody, count: 1, value: 0 },
    ]);
    expect(follow.map((e) => [e.kind, e.id, e.user?.name])).toEqual([
      ['follow', '7137750889884076842', 'zerodytester'],
    ]);
    expect(share.map((e) => [e.kind, e.id, e.user?.name])).toEqual([
      ['share', '7137750889884076842', 'zerodytester'],
    ]);
  });

  test('maps a subscription notice to subscribe with its month', () => {
    const flat = readme('subscribe');
    const events = ok(
      new TikTokMapper(STREAM).map(
        { event: 'subNotify', data: { ...toV3(flat), subMonth: String(flat.subMonth) } },
        AT,
      ),
    );
    expect(events).toEqual([
      {
        stream: STREAM,
        kind: 'subscribe',
        at: AT,
        id: '7137745705032043266',
        user: zerody,
        count: 1,
        value: 0,
        data: { sub_month: 1 },
      },
    ]);
  });
});

describe('TikTokMapper gift streaks', () => {
  const user = { id: '42', displayId: 'fan', nickname: 'Fan' };
  const rose = { id: '5655', name: 'Rose', type: 1, diamondCount: 1 };
  const gift = (
    repeatCount: number,
    repeatEnd: number,
    extra: Partial<TikTokLibraryEvent['data']> = {},
  ): TikTokLibraryEvent => ({
    event: 'gift',
    data: {
      common: { msgId: `m${repeatCount}` },
      user,
      giftId: '5655',
      groupId: 'g1',
      repeatCount,
      repeatEnd,
      gift: rose,
      ...extra,
    },
  });

  test('counts a streak once, at its end, with count = repeatCount and value = diamonds x count', () => {
    const mapper = new TikTokMapper(STREAM);
    expect(mapper.map(gift(1, 0), AT)).toEqual([]);
    expect(mapper.map(gift(2, 0), AT + 100)).toEqual([]);
    const [end] = ok(mapper.map(gift(7, 1, { gift: { ...rose, diamondCount: 5 } }), AT + 200));
    expect(end).toMatchObject({ kind: 'gift', at: AT + 200, count: 7, value: 35, id: 'streak:42:5655:g1' });
    expect(mapper.openStreaks).toBe(0);
  });

  test('closes a streak that never ends after the idle timeout, counting its last repeatCount', () => {
    const mapper = new TikTokMapper(STREAM, { streakIdleMs: 20_000 });
    mapper.map(gift(3, 0), AT);
    mapper.map(gift(4, 0), AT + 1_000);
    expect(mapper.flush(AT + 21_000)).toEqual([]);
    const flushed = ok(mapper.flush(AT + 21_001));
    expect(flushed).toMatchObject([
      { at: AT + 1_000, count: 4, value: 4, id: 'streak:42:5655:g1', data: { streak_closed_by: 'idle' } },
    ]);
  });

  test('counts a non-streakable gift at once, valued from the catalogue when the platform gives no price', () => {
    const mapper = new TikTokMapper(STREAM);
    const events = ok(
      mapper.map(
        {
          event: 'gift',
          data: {
            common: { msgId: 'x1' },
            user,
            giftId: '5585',
            groupId: '0',
            repeatCount: 1,
            repeatEnd: 0,
            gift: { id: '5585', type: 2, diamondCount: 0 },
          },
        },
        AT,
      ),
    );
    expect(events).toMatchObject([
      {
        id: 'x1',
        count: 1,
        value: 100,
        gift: { id: '5585', name: 'Confetti' },
        data: { value_source: 'catalogue' },
      },
    ]);
  });

  test('estimates one coin per gift when neither the platform nor the catalogue knows the price', () => {
    const events = ok(
      new TikTokMapper(STREAM).map(
        { event: 'gift', data: { user, giftId: '999999', repeatCount: 3, gift: { type: 2 } } },
        AT,
      ),
    );
    expect(events).toMatchObject([
      { count: 3, value: 3, gift: { id: '999999', name: 'gift 999999' }, data: { value_source: 'estimate' } },
    ]);
  });
});

describe('TikTokMapper stream end', () => {
  test('reports a control message action 3 and the library streamEnd that follows it as one stream_end', () => {
    const mapper = new TikTokMapper(STREAM);
    const control: TikTokMessage & { action: number } = {
      common: { msgId: '7286185121396296454' },
      action: 3,
    };
    const first = ok(mapper.map({ event: 'controlMessage', data: control }, AT));
    expect(first).toEqual([
      {
        stream: STREAM,
        kind: 'stream_end',
        at: AT,
        id: '7286185121396296454',
        count: 1,
        value: 0,
        data: { reason: 'ended' },
      },
    ]);
    expect(mapper.map({ event: 'streamEnd', data: { action: 3 } }, AT + 1)).toEqual([]);
  });

  test('ignores control messages that pause or resume the stream', () => {
    const mapper = new TikTokMapper(STREAM);
    expect(mapper.map({ event: 'controlMessage', data: { action: 1 } }, AT)).toEqual([]);
    expect(mapper.map({ event: 'controlMessage', data: { action: 2 } }, AT)).toEqual([]);
  });

  test('counts open streaks before the stream_end', () => {
    const mapper = new TikTokMapper(STREAM);
    mapper.map(
      {
        event: 'gift',
        data: {
          user: { id: '1', displayId: 'a' },
          giftId: '5655',
          groupId: 'g',
          repeatCount: 2,
          repeatEnd: 0,
          gift: { type: 1, diamondCount: 1 },
        },
      },
      AT,
    );
    const events = ok(mapper.map({ event: 'streamEnd', data: { action: 3 } }, AT + 5));
    expect(events.map((e) => [e.kind, e.count, e.at])).toEqual([
      ['gift', 2, AT],
      ['stream_end', 1, AT + 5],
    ]);
  });
});
