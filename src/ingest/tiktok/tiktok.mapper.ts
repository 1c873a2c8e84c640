import type { LiveEvent } from '../../core/live-event.js';
import { DEFAULT_STREAK_IDLE_MS, GiftStreaks, type GiftStreak } from './gift-streaks.js';
import { resolveGiftValue } from './gift-value.js';
import type {
  TikTokChatMessage,
  TikTokControlMessage,
  TikTokGiftMessage,
  TikTokLikeMessage,
  TikTokMemberMessage,
  TikTokRoomUserMessage,
  TikTokSocialMessage,
  TikTokStreamEndEvent,
  TikTokSubNotifyMessage,
  TikTokUserMessage,
} from './tiktok-messages.js';
import { messageId, toCount, toEventUser } from './tiktok-user.js';

/**
 * One event as tiktok-live-connector 2.x emits it: `event` is the library's event name, `data`
 * its payload. Events not listed here are not mapped (see docs/connectors/tiktok.md).
 * `social` is deliberately absent: the library emits each social message as exactly one of
 * `follow`, `share` or `social`, and only the first two are counted.
 */
export type TikTokLibraryEvent =
  | { event: 'roomUser'; data: TikTokRoomUserMessage }
  | { event: 'like'; data: TikTokLikeMessage }
  | { event: 'chat'; data: TikTokChatMessage }
  | { event: 'gift'; data: TikTokGiftMessage }
  | { event: 'follow'; data: TikTokSocialMessage }
  | { event: 'share'; data: TikTokSocialMessage }
  | { event: 'member'; data: TikTokMemberMessage }
  | { event: 'subNotify'; data: TikTokSubNotifyMessage }
  | { event: 'controlMessage'; data: TikTokControlMessage }
  | { event: 'streamEnd'; data: TikTokStreamEndEvent };

/** The library event names the mapper reads, for subscribing. */
export type TikTokEventName = TikTokLibraryEvent['event'];

const STREAKABLE_GIFT_TYPE = 1;
const MEMBER_JOINED = 1;
const CONTROL_STREAM_ENDED = 3;
const CONTROL_STREAM_SUSPENDED = 4;
const MAX_CHAT = 2000;

export interface TikTokMapperOptions {
  /** Idle time after which `flush` closes a streak that never got its end message. */
  streakIdleMs?: number;
}

/**
 * Maps tiktok-live-connector 2.x events of one stream to LiveEvents. Pure apart from its own
 * state (open gift streaks, whether the stream end was reported): no I/O, no clock; the caller
 * passes each event's receive time, which becomes the event's `at`. Keep one instance per
 * connection and call `flush` periodically so abandoned streaks are counted.
 */
export class TikTokMapper {
  private readonly streaks: GiftStreaks;
  private hasEnded = false;

  constructor(
    private readonly stream: string,
    options: TikTokMapperOptions = {},
  ) {
    this.streaks = new GiftStreaks(options.streakIdleMs ?? DEFAULT_STREAK_IDLE_MS);
  }

  /** The LiveEvents one library event stands for (often none: streak updates, ignored kinds). */
  map(message: TikTokLibraryEvent, receivedAt: number): LiveEvent[] {
    switch (message.event) {
      case 'roomUser':
        return this.mapViewers(message.data, receivedAt);
      case 'like':
        return this.mapLike(message.data, receivedAt);
      case 'chat':
        return this.mapChat(message.data, receivedAt);
      case 'gift':
        return this.mapGift(message.data, receivedAt);
      case 'follow':
      case 'share':
        return [this.base(message.event, message.data, receivedAt)];
      case 'member':
        return message.data.action === MEMBER_JOINED ? [this.base('join', message.data, receivedAt)] : [];
      case 'subNotify':
        return this.mapSubscribe(message.data, receivedAt);
      case 'controlMessage':
        return this.mapControl(message.data, receivedAt);
      case 'streamEnd':
        return this.mapStreamEnd(message.data, undefined, receivedAt);
    }
  }

  /** Counts the streaks idle for longer than the timeout at `now`, at their last message's time. */
  flush(now: number): LiveEvent[] {
    return this.streaks.takeIdle(now).map((s) => this.streakEvent(s, s.repeatCount, s.lastSeenAt, 'idle'));
  }

  /** Counts every open streak now (the link is going away and their end will never be heard). */
  flushAll(): LiveEvent[] {
    return this.streaks.takeAll().map((s) => this.streakEvent(s, s.repeatCount, s.lastSeenAt, 'disconnect'));
  }

  /** How many gift streaks are waiting for their end. */
  get openStreaks(): number {
    return this.streaks.size;
  }

  private mapViewers(data: TikTokRoomUserMessage, at: number): LiveEvent[] {
    const viewers = toCount(data.total);
    if (viewers === undefined) return [];
    const event: LiveEvent = { stream: this.stream, kind: 'viewers', at, count: viewers, value: 0 };
    const id = messageId(data.common);
    if (id) event.id = id;
    const totalViewers = toCount(data.totalUser);
    if (totalViewers !== undefined) event.data = { total_viewers: totalViewers };
    return [event];
  }

  private mapLike(data: TikTokLikeMessage, at: number): LiveEvent[] {
    const likes = toCount(data.count);
    if (likes === undefined || likes === 0) return [];
    const event = this.base('like', data, at);
    event.count = likes;
    const total = toCount(data.total);
    if (total !== undefined) event.data = { total_likes: total };
    return [event];
  }

  private mapChat(data: TikTokChatMessage, at: number): LiveEvent[] {
    const event = this.base('chat', data, at);
    event.text = (data.content ?? '').slice(0, MAX_CHAT);
    return [event];
  }

  private mapSubscribe(data: TikTokSubNotifyMessage, at: number): LiveEvent[] {
    const event = this.base('subscribe', data, at);
    const months = toCount(data.subMonth);
    if (months !== undefined && months > 0) event.data = { sub_month: months };
    return [event];
  }

  private mapControl(data: TikTokControlMessage, at: number): LiveEvent[] {
    if (data.action !== CONTROL_STREAM_ENDED && data.action !== CONTROL_STREAM_SUSPENDED) return [];
    return this.mapStreamEnd(data, messageId(data.common), at);
  }

  // The library emits `controlMessage` and then `streamEnd` for the same end: report it once.
  private mapStreamEnd(data: TikTokStreamEndEvent, id: string | undefined, at: number): LiveEvent[] {
    if (this.hasEnded) return [];
    this.hasEnded = true;
    const end: LiveEvent = { stream: this.stream, kind: 'stream_end', at, count: 1, value: 0 };
    if (id) end.id = id;
    end.data = { reason: data.action === CONTROL_STREAM_SUSPENDED ? 'suspended' : 'ended' };
    return [...this.flushAll(), end];
  }

  private mapGift(data: TikTokGiftMessage, at: number): LiveEvent[] {
    const giftId = String(data.giftId ?? data.gift?.id ?? '').trim();
    if (giftId === '' || giftId === '0') return [];
    const user = toEventUser(data.user);
    const value = resolveGiftValue(giftId, data.gift?.diamondCount, data.gift?.name);
    const repeatCount = Math.max(1, toCount(data.repeatCount) ?? 1);
    const groupId = data.groupId?.trim() ?? '';
    const isStreak = data.gift?.type === STREAKABLE_GIFT_TYPE && groupId !== '' && groupId !== '0';
    if (!isStreak) {
      const event = this.giftEvent(user, giftId, value, repeatCount, at, messageId(data.common));
      event.data = { value_source: value.source, diamonds_each: value.diamondsEach };
      return [event];
    }
    const key = `${user?.id ?? '?'}:${giftId}:${groupId}`;
    const streak: GiftStreak = { key, user, giftId, value, repeatCount, lastSeenAt: at };
    if (!isRepeatEnd(data.repeatEnd)) {
      this.streaks.update(streak);
      return [];
    }
    return [this.streakEvent(streak, this.streaks.close(key, repeatCount), at, 'repeat_end')];
  }

  private streakEvent(s: GiftStreak, count: number, at: number, closedBy: string): LiveEvent {
    const event = this.giftEvent(s.user, s.giftId, s.value, count, at, `streak:${s.key}`);
    event.data = {
      value_source: s.value.source,
      diamonds_each: s.value.diamondsEach,
      streak_closed_by: closedBy,
    };
    return event;
  }

  private giftEvent(
    user: LiveEvent['user'],
    giftId: string,
    value: ReturnType<typeof resolveGiftValue>,
    count: number,
    at: number,
    id: string | undefined,
  ): LiveEvent {
    const event: LiveEvent = {
      stream: this.stream,
      kind: 'gift',
      at,
      count,
      value: value.diamondsEach * count,
      gift: { id: giftId, name: value.name.slice(0, 200) },
    };
    if (id) event.id = id.slice(0, 200);
    if (user) event.user = user;
    return event;
  }

  /** An event of `kind` carrying the message's id and user, count 1, value 0. */
  private base(kind: LiveEvent['kind'], data: TikTokUserMessage, at: number): LiveEvent {
    const event: LiveEvent = { stream: this.stream, kind, at, count: 1, value: 0 };
    const id = messageId(data.common);
    if (id) event.id = id;
    const user = toEventUser(data.user);
    if (user) event.user = user;
    return event;
  }
}

function isRepeatEnd(value: number | boolean | undefined): boolean {
  return value === true || (typeof value === 'number' && value > 0);
}
