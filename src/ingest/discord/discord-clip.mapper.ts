import { findClipLinks } from '../../core/clip-link.js';
import type { ClipReactionChange, ClipShare } from '../../store/clip-store.port.js';

/**
 * The slice of a discord.js `Message` the mapper reads (a partial message has no content yet).
 * Nothing is trusted: a gateway payload with fields of the wrong type maps to nothing.
 */
export interface DiscordMessageLike {
  id: unknown;
  guildId: unknown;
  channelId: unknown;
  content?: unknown;
  author?: { id?: unknown; username?: unknown; globalName?: unknown } | null;
  /** Epoch ms, from the message's id (a getter that throws on an id that is not a snowflake). */
  readonly createdTimestamp: unknown;
}

/** The slice of a discord.js emoji the mapper reads: a custom emoji has an id, a unicode one none. */
export interface DiscordEmojiLike {
  id?: unknown;
  name?: unknown;
}

/** Longest author name kept (Discord's own limit is 32 characters). */
const MAX_NAME = 100;
/** Longest emoji name kept (custom emoji names are at most 32 characters; unicode ones a few). */
const MAX_EMOJI = 64;
const SNOWFLAKE = /^\d{1,20}$/;

/**
 * The clip shares a guild message makes: one per clip it links to, however many times and in
 * whichever form (see `findClipLinks`). A message outside a guild, or with an id, a channel or an
 * author that is not a Discord id, shares nothing.
 */
export function sharesOfMessage(message: DiscordMessageLike): ClipShare[] {
  const { id, guildId, channelId, content, author } = message;
  if (!isId(id) || !isId(guildId) || !isId(channelId) || typeof content !== 'string') return [];
  if (!author || !isId(author.id)) return [];
  const at = timestampOf(message);
  if (at === null) return [];
  const name = nameOf(author);
  return findClipLinks(content).map((link) => ({
    platform: link.platform,
    clip_id: link.id,
    url: link.url,
    guild_id: guildId,
    channel_id: channelId,
    message_id: id,
    author_id: author.id as string,
    author_name: name,
    at,
  }));
}

/** How an emoji is counted: a custom emoji by its name, a unicode one as itself; null if it has none. */
export function emojiLabel(emoji: DiscordEmojiLike | null | undefined): string | null {
  const name = emoji?.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_EMOJI) return null;
  return name;
}

/** One user's reaction added to or removed from a message; null when a part is missing or not an id. */
export function reactionChange(
  kind: 'add' | 'remove',
  messageId: unknown,
  emoji: DiscordEmojiLike | null | undefined,
  userId: unknown,
): ClipReactionChange | null {
  const label = emojiLabel(emoji);
  if (!isId(messageId) || !isId(userId) || label === null) return null;
  return { kind, message_id: messageId, emoji: label, user_id: userId };
}

/** Every reaction of a message cleared (`emoji` given: only that emoji's); null for a bad id or emoji. */
export function reactionClear(
  messageId: unknown,
  emoji?: DiscordEmojiLike | null,
): ClipReactionChange | null {
  if (!isId(messageId)) return null;
  if (emoji === undefined) return { kind: 'clear', message_id: messageId, emoji: null };
  const label = emojiLabel(emoji);
  return label === null ? null : { kind: 'clear', message_id: messageId, emoji: label };
}

/** The message ids among `ids` that are Discord ids, each once. */
export function messageIds(ids: Iterable<unknown>): string[] {
  return [...new Set([...ids].filter(isId))];
}

/**
 * Whether a message in `channelId` (a thread of `parentId`) is watched: every channel when the
 * list is empty, else a listed channel and the threads under it.
 */
export function isWatchedChannel(
  watched: ReadonlySet<string>,
  channelId: unknown,
  parentId?: unknown,
): boolean {
  if (watched.size === 0) return true;
  return (isId(channelId) && watched.has(channelId)) || (isId(parentId) && watched.has(parentId));
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE.test(value);
}

function timestampOf(message: DiscordMessageLike): number | null {
  try {
    const at = message.createdTimestamp;
    return typeof at === 'number' && Number.isFinite(at) && at > 0 ? at : null;
  } catch {
    return null;
  }
}

function nameOf(author: NonNullable<DiscordMessageLike['author']>): string {
  const name = [author.globalName, author.username].find((n) => typeof n === 'string' && n.trim() !== '');
  return typeof name === 'string' ? name.slice(0, MAX_NAME) : (author.id as string);
}
