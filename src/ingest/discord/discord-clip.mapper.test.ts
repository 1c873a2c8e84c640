import { describe, expect, test } from 'vitest';
import {
  emojiLabel,
  isWatchedChannel,
  messageIds,
  reactionChange,
  reactionClear,
  sharesOfMessage,
  type DiscordMessageLike,
} from './discord-clip.mapper.js';

const SLUG = 'AwkwardHelplessSalamanderSwiftRage';
const AT = Date.UTC(2026, 11, 7, 12);

/** A guild message as discord.js shows it (the ids of Discord's documentation examples). */
function message(overrides: Partial<DiscordMessageLike> = {}): DiscordMessageLike {
  return {
    id: '334385199974967042',
    guildId: '278325129692446720',
    channelId: '290926798999357250',
    content: `https://clips.twitch.tv/${SLUG}`,
    author: { id: '53908099506183680', username: 'mason', globalName: 'Mason' },
    createdTimestamp: AT,
    ...overrides,
  };
}

describe('sharesOfMessage', () => {
  test('a clip linked several ways in one message is one share, with the message, its author and time', () => {
    const shares = sharesOfMessage(
      message({
        content:
          `https://clips.twitch.tv/${SLUG} <https://www.twitch.tv/chewie/clip/${SLUG}?t=3> ` +
          `https://clips.twitch.tv/embed?clip=${SLUG}. And https://youtube.com/shorts/dQw4w9WgXcQ!`,
      }),
    );
    expect(shares).toEqual([
      {
        platform: 'twitch',
        clip_id: SLUG,
        url: `https://clips.twitch.tv/${SLUG}`,
        guild_id: '278325129692446720',
        channel_id: '290926798999357250',
        message_id: '334385199974967042',
        author_id: '53908099506183680',
        author_name: 'Mason',
        at: AT,
      },
      expect.objectContaining({ platform: 'youtube', clip_id: 'dQw4w9WgXcQ' }),
    ]);
  });

  test('the author is named by display name, else user name, else id', () => {
    const named = (author: DiscordMessageLike['author']) =>
      sharesOfMessage(message({ author }))[0]?.author_name;
    expect(named({ id: '53908099506183680', username: 'mason', globalName: null })).toBe('mason');
    expect(named({ id: '53908099506183680', username: '  ', globalName: undefined })).toBe(
      '53908099506183680',
    );
    expect(named({ id: '53908099506183680', username: 'x'.repeat(500) })).toHaveLength(100);
  });

  test('a message without links, outside a guild, not yet fetched, or with fields of the wrong type shares nothing', () => {
    expect(sharesOfMessage(message({ content: 'no clip here https://example.com/clip/x' }))).toEqual([]);
    expect(sharesOfMessage(message({ guildId: null }))).toEqual([]);
    expect(sharesOfMessage(message({ content: null }))).toEqual([]);
    expect(sharesOfMessage(message({ content: 42 }))).toEqual([]);
    expect(sharesOfMessage(message({ id: 'not-an-id' }))).toEqual([]);
    expect(sharesOfMessage(message({ channelId: { id: 1 } }))).toEqual([]);
    expect(sharesOfMessage(message({ author: null }))).toEqual([]);
    expect(sharesOfMessage(message({ author: { id: 7 } }))).toEqual([]);
    expect(sharesOfMessage(message({ createdTimestamp: Number.NaN }))).toEqual([]);
  });

  test('a message whose time cannot be read (discord.js throws on an id that is not a snowflake) shares nothing', () => {
    const broken = {
      ...message(),
      get createdTimestamp(): number {
        throw new SyntaxError('Cannot convert x to a BigInt');
      },
    };
    expect(sharesOfMessage(broken)).toEqual([]);
  });
});

describe('reactions', () => {
  test('a unicode emoji counts as itself, a custom one by its name', () => {
    expect(
      reactionChange('add', '334385199974967042', { id: null, name: '🔥' }, '80351110224678912'),
    ).toEqual({
      kind: 'add',
      message_id: '334385199974967042',
      emoji: '🔥',
      user_id: '80351110224678912',
    });
    expect(
      reactionChange(
        'remove',
        '334385199974967042',
        { id: '41771983429993937', name: 'LUL' },
        '80351110224678912',
      ),
    ).toEqual({
      kind: 'remove',
      message_id: '334385199974967042',
      emoji: 'LUL',
      user_id: '80351110224678912',
    });
  });

  test('a reaction with a missing emoji name, or ids that are not ids, is no change', () => {
    expect(
      reactionChange('add', '334385199974967042', { id: '41771983429993937', name: null }, '1'),
    ).toBeNull();
    expect(reactionChange('add', '334385199974967042', null, '1')).toBeNull();
    expect(reactionChange('add', 'x', { name: '🔥' }, '1')).toBeNull();
    expect(reactionChange('add', '1', { name: '🔥' }, ['1'])).toBeNull();
    expect(emojiLabel({ name: 'x'.repeat(65) })).toBeNull();
  });

  test('clearing takes every emoji of a message, or one', () => {
    expect(reactionClear('334385199974967042')).toEqual({
      kind: 'clear',
      message_id: '334385199974967042',
      emoji: null,
    });
    expect(reactionClear('334385199974967042', { id: '41771983429993937', name: 'LUL' })).toEqual({
      kind: 'clear',
      message_id: '334385199974967042',
      emoji: 'LUL',
    });
    expect(reactionClear('334385199974967042', { id: null, name: null })).toBeNull();
    expect(reactionClear(undefined)).toBeNull();
  });
});

test('deleted message ids keep the Discord ids only, each once', () => {
  expect(messageIds(['1', '2', '1', 'x', 3, null])).toEqual(['1', '2']);
});

test('every channel is watched when none is listed; else a listed channel and the threads under it', () => {
  const none = new Set<string>();
  const listed = new Set(['290926798999357250']);
  expect(isWatchedChannel(none, '1')).toBe(true);
  expect(isWatchedChannel(listed, '290926798999357250')).toBe(true);
  expect(isWatchedChannel(listed, '1', '290926798999357250')).toBe(true);
  expect(isWatchedChannel(listed, '1', null)).toBe(false);
  expect(isWatchedChannel(listed, 290926798999357250)).toBe(false);
});
