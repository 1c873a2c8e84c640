import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LiveChatContinuation, Parser, YTNodes, type Helpers } from 'youtubei.js';
import { parseEventBatch, type LiveEvent } from '../../core/live-event.js';
import { mapChatAction, mapChatItem, mapLiveMetadata } from './youtube.mapper.js';

// Fixtures are InnerTube payloads, captured (lina-*) or built for these tests (built-*);
// test/fixtures/youtube/SOURCES.md says where each comes from.
const FIXTURES = new URL('../../../test/fixtures/youtube/', import.meta.url);
const ctx = { stream: 'yt-main', now: 1_767_225_600_000 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON fixtures, shape checked by the parser
function readFixture(name: string): any {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

/** Parses raw live chat actions with youtubei.js's own parser, the way LiveChat does. */
function parseActions(actions: unknown[]): Helpers.YTNode[] {
  const response = Parser.parseResponse({ continuationContents: { liveChatContinuation: { actions } } });
  const contents = response.continuation_contents;
  if (!(contents instanceof LiveChatContinuation)) throw new Error('not a live chat continuation');
  return [...contents.actions];
}

/** A get_live_chat response file: its actions, parsed. */
function liveChatActions(name: string): Helpers.YTNode[] {
  return parseActions(readFixture(name).continuationContents.liveChatContinuation.actions);
}

/** A chat replay item (replayChatItemAction): the AddChatItemAction inside it, parsed. */
function replayedAction(name: string): Helpers.YTNode {
  const [replay] = parseActions([readFixture(name)]);
  const inner = replay?.as(YTNodes.ReplayChatItemAction).actions[0];
  if (!inner) throw new Error(`no action in ${name}`);
  return inner;
}

function mapAll(actions: Helpers.YTNode[]): LiveEvent[] {
  return actions.flatMap((action) => mapChatAction(action, ctx));
}

/** Every mapped event must pass the wire validation unchanged. */
function expectValid(events: LiveEvent[]): void {
  const result = parseEventBatch(JSON.parse(JSON.stringify(events)));
  expect(result).toEqual({ ok: true, events });
}

describe('mapChatAction', () => {
  test('maps a text message to one chat event with the author and the item id', () => {
    const events = mapAll(liveChatActions('lina-normal.get_live_chat.json'));
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'chat',
        at: 1_609_459_200_000,
        id: 'id',
        user: { id: 'channelId', name: 'authorName', display: 'authorName' },
        count: 1,
        value: 0,
        text: 'Hello, World!',
      },
    ]);
    expectValid(events);
  });

  test('maps a Super Chat to a gift worth its amount in minor units, with the message', () => {
    const events = mapAll(liveChatActions('lina-super-chat.get_live_chat.json'));
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'gift',
        at: 1_609_459_200_000,
        id: 'id',
        user: { id: 'channelId', name: 'authorName', display: 'authorName' },
        count: 1,
        value: 1000,
        text: 'Hello, World!',
        gift: { id: 'super_chat', name: 'Super Chat' },
        data: { amount: 1000, currency: 'JPY', amount_text: '￥1,000' },
      },
    ]);
    expectValid(events);
  });

  test('names a Super Chat author by channel id when the payload has no author name', () => {
    const events = mapChatAction(replayedAction('built-paid-message.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'gift',
        at: 1_767_290_400_123,
        id: 'built-paid-message-0001',
        user: { id: 'UCbuiltPaidNoName0000001', name: 'UCbuiltPaidNoName0000001' },
        count: 1,
        value: 5000,
        gift: { id: 'super_chat', name: 'Super Chat' },
        data: { amount: 5000, currency: 'JPY', amount_text: '¥5,000' },
      },
    ]);
    expectValid(events);
  });

  test('maps a Super Sticker to a gift named after the sticker', () => {
    const ticker = readFixture('built-ticker-paid-sticker.replay.json');
    const renderer =
      ticker.replayChatItemAction.actions[0].addLiveChatTickerItemAction.item
        .liveChatTickerPaidStickerItemRenderer.showItemEndpoint.showLiveChatItemEndpoint.renderer;
    // The sticker renderer arrives as an addChatItemAction item in live chat; the fixture holds it
    // inside the ticker that repeats it.
    const events = mapAll(parseActions([{ addChatItemAction: { item: renderer } }]));
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'gift',
        at: 1_767_290_460_900,
        id: 'built-paid-sticker-0001',
        user: { id: 'UCbuiltStickerFan0000001', name: 'Rin', display: 'Rin' },
        count: 1,
        value: 1000,
        gift: { id: 'super_sticker', name: 'Owl holding a paper lantern' },
        data: { amount: 1000, currency: 'JPY', amount_text: '¥1,000' },
      },
    ]);
    expectValid(events);
  });

  test('ignores the ticker item that repeats a Super Sticker', () => {
    expect(mapAll(parseActions([readFixture('built-ticker-paid-sticker.replay.json')]))).toEqual([]);
    const [replay] = parseActions([readFixture('built-ticker-paid-sticker.replay.json')]);
    const ticker = replay?.as(YTNodes.ReplayChatItemAction).actions[0];
    expect(ticker?.type).toBe('AddLiveChatTickerItemAction');
    expect(mapChatAction(ticker!, ctx)).toEqual([]);
  });

  test('maps a new membership to one subscribe', () => {
    const events = mapChatAction(replayedAction('built-membership-new.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'subscribe',
        at: 1_767_291_000_500,
        id: 'built-membership-new-0001',
        user: { id: 'UCbuiltNewMember00000001', name: 'UCbuiltNewMember00000001' },
        count: 1,
        value: 0,
        data: { membership: 'new', level: 'Welcome to Night Owls!' },
      },
    ]);
    expectValid(events);
  });

  test('maps a membership milestone to a subscribe with its months and message', () => {
    const events = mapChatAction(replayedAction('built-membership-milestone.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'subscribe',
        at: 1_767_290_700_250,
        id: 'built-membership-milestone-0001',
        user: { id: 'UCbuiltMilestone00000001', name: 'Kaede', display: 'Kaede' },
        count: 1,
        value: 0,
        text: ':_owlWave: 14 months already!',
        data: { membership: 'milestone', months: 14 },
      },
    ]);
    expectValid(events);
  });

  test('maps a gifted memberships announcement to one subscribe counting every gift', () => {
    const events = mapChatAction(replayedAction('built-gift-purchase.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'subscribe',
        at: 1_767_290_520_750,
        id: 'built-gift-purchase-0001',
        user: { id: 'UCbuiltGiftBuyer00000001', name: 'Mika', display: 'Mika' },
        count: 5,
        value: 0,
        data: { membership: 'gifted', gifted: 5 },
      },
    ]);
    expectValid(events);
  });

  test('reads the gift count when the language puts the number first', () => {
    const events = mapAll(liveChatActions('lina-membership-gift.get_live_chat.json'));
    expect(events.map((e) => [e.kind, e.count, e.data])).toEqual([
      ['subscribe', 10, { membership: 'gifted', gifted: 10 }],
    ]);
    expectValid(events);
  });

  test('does not count a received gift membership again', () => {
    const action = replayedAction('built-gift-redemption.replay.json');
    expect(action.as(YTNodes.AddChatItemAction).item.type).toBe(
      'LiveChatSponsorshipsGiftRedemptionAnnouncement',
    );
    expect(mapChatAction(action, ctx)).toEqual([]);
  });

  test('maps the replacement item of a replace action, and nothing for a missing item', () => {
    const [added] = liveChatActions('lina-normal.get_live_chat.json');
    const item = added!.as(YTNodes.AddChatItemAction).item;
    const replace = new YTNodes.ReplaceChatItemAction({ targetItemId: 'placeholder', replacementItem: {} });
    replace.replacement_item = item;
    expect(mapChatAction(replace, ctx).map((e) => [e.kind, e.id, e.text])).toEqual([
      ['chat', 'id', 'Hello, World!'],
    ]);
    expect(mapChatItem(null, ctx)).toEqual([]);
  });
});

describe('mapLiveMetadata', () => {
  function viewership(): YTNodes.UpdateViewershipAction {
    const response = Parser.parseResponse(readFixture('updated-metadata.reconstructed.json'));
    const views = response.actions?.array().firstOfType(YTNodes.UpdateViewershipAction);
    if (!views) throw new Error('no viewership action');
    return views;
  }

  test('maps "1,234 watching now" to a viewers reading at the given time', () => {
    const events = mapLiveMetadata({ views: viewership() }, ctx);
    expect(events).toEqual([{ stream: 'yt-main', kind: 'viewers', at: ctx.now, count: 1234, value: 0 }]);
    expectValid(events);
  });

  test('reads the displayed count when the raw count is missing', () => {
    const views = viewership();
    views.view_count_node!.original_view_count = undefined;
    expect(mapLiveMetadata({ views }, ctx).map((e) => e.count)).toEqual([1234]);
  });

  test('maps nothing when the count is not live or absent', () => {
    const views = viewership();
    views.view_count_node!.is_live = false;
    expect(mapLiveMetadata({ views }, ctx)).toEqual([]);
    expect(mapLiveMetadata({}, ctx)).toEqual([]);
  });
});
