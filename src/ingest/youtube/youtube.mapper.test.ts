import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LiveChatContinuation, Parser, YTNodes, type Helpers } from 'youtubei.js';
import { parseEventBatch, type LiveEvent } from '../../core/live-event.js';
import { mapChatAction, mapChatItem, mapLiveMetadata } from './youtube.mapper.js';

// Fixtures are real InnerTube payloads; see test/fixtures/youtube/SOURCES.md for their origins.
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

/** A chat replay capture (replayChatItemAction): the AddChatItemAction inside it, parsed. */
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
    const events = mapChatAction(replayedAction('yt-tool-paid-message.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'gift',
        at: 1_734_868_997_883,
        id: 'ChwKGkNMblc0TXFxdTRvREZYM0N3Z1FkY2FVd1ln',
        user: { id: 'UCee6zsDAVBVahONotgG0New', name: 'UCee6zsDAVBVahONotgG0New' },
        count: 1,
        value: 5000,
        gift: { id: 'super_chat', name: 'Super Chat' },
        data: { amount: 5000, currency: 'JPY', amount_text: '¥5,000' },
      },
    ]);
    expectValid(events);
  });

  test('maps a Super Sticker to a gift named after the sticker', () => {
    const ticker = readFixture('yt-tool-ticker-paid-sticker.replay.json');
    const renderer =
      ticker.replayChatItemAction.actions[0].addLiveChatTickerItemAction.item
        .liveChatTickerPaidStickerItemRenderer.showItemEndpoint.showLiveChatItemEndpoint.renderer;
    // The sticker renderer arrives as an addChatItemAction item in live chat; the capture holds it
    // inside the ticker that repeats it.
    const events = mapAll(parseActions([{ addChatItemAction: { item: renderer } }]));
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'gift',
        at: 1_734_868_633_176,
        id: 'ChwKGkNPNk02SnlwdTRvREZaSEx3Z1FkNG84V0JR',
        user: { id: 'UCISR_YWRovwh5GwnWYDWnoA', name: '投稿者名', display: '投稿者名' },
        count: 1,
        value: 1000,
        gift: { id: 'super_sticker', name: 'Shiba dog dressed in a traditional outfit waving Japanese fans' },
        data: { amount: 1000, currency: 'JPY', amount_text: '¥1,000' },
      },
    ]);
    expectValid(events);
  });

  test('ignores the ticker item that repeats a Super Sticker', () => {
    expect(mapAll(parseActions([readFixture('yt-tool-ticker-paid-sticker.replay.json')]))).toEqual([]);
    const [replay] = parseActions([readFixture('yt-tool-ticker-paid-sticker.replay.json')]);
    const ticker = replay?.as(YTNodes.ReplayChatItemAction).actions[0];
    expect(ticker?.type).toBe('AddLiveChatTickerItemAction');
    expect(mapChatAction(ticker!, ctx)).toEqual([]);
  });

  test('maps a new membership to one subscribe', () => {
    const events = mapChatAction(replayedAction('yt-tool-membership-new.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'subscribe',
        at: 1_734_869_410_860,
        id: 'ChwKGkNPai0zSmVzdTRvREZlZkJ3Z1FkdFYwRHpn',
        user: { id: 'UCMrN3rHLmtbiuCFWpBsdL8w', name: 'UCMrN3rHLmtbiuCFWpBsdL8w' },
        count: 1,
        value: 0,
        data: { membership: 'new', level: 'Welcome to へ!' },
      },
    ]);
    expectValid(events);
  });

  test('maps a membership milestone to a subscribe with its months and message', () => {
    const events = mapChatAction(replayedAction('yt-tool-membership-milestone.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'subscribe',
        at: 1_734_868_687_623,
        id: 'Ci8KLUNPaUp6T2ZOcG9vREZjX3NBZ2NkYzJVQlJnLUxveU1lc0lELTM0Njk3MzczNw%3D%3D',
        user: { id: 'UCVadtt-kF6XtgeFRNJqBbcA', name: '天天天', display: '天天天' },
        count: 1,
        value: 0,
        text: ':_kanataHey::_kanataHey::_kanataHey:',
        data: { membership: 'milestone', months: 41 },
      },
    ]);
    expectValid(events);
  });

  test('maps a gifted memberships announcement to one subscribe counting every gift', () => {
    const events = mapChatAction(replayedAction('yt-tool-gift-purchase.replay.json'), ctx);
    expect(events).toEqual([
      {
        stream: 'yt-main',
        kind: 'subscribe',
        at: 1_734_868_455_220,
        id: 'ChwKGkNJZk5wTW1vdTRvREZYckV3Z1FkalRvN01B',
        user: { id: 'UCU_76ukhKKzBOdO6MaijWrw', name: 'ほ', display: 'ほ' },
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
    const action = replayedAction('yt-tool-gift-redemption.replay.json');
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
