/**
 * The slices of tiktok-live-connector 2.x event payloads the mapper reads. The library emits the
 * decoded tiktok-live-proto v3 messages (`WebcastGiftMessage`, ...) as they are; those objects fit
 * these types structurally, and so do hand-built test payloads. Every field is optional because
 * protobuf decoding leaves absent sub-messages `undefined`.
 *
 * Field names are those of tiktok-live-proto v3 (e.g. `user.displayId` is the @handle that the 1.x
 * API called `uniqueId`; `WebcastRoomUserSeqMessage.total` is the viewer count).
 */

/** `CommonMessageData`: `msgId` is unique per platform message; `displayText.key` tells social kinds apart. */
export interface TikTokCommon {
  msgId?: string;
  createTime?: string;
  displayText?: { key?: string } | undefined;
}

/** `User`: `id` is the numeric user id (as a string), `displayId` the @handle, `nickname` the shown name. */
export interface TikTokUser {
  id?: string;
  displayId?: string;
  nickname?: string;
}

/** Any decoded Webcast message: they all carry `common`. */
export interface TikTokMessage {
  common?: TikTokCommon | undefined;
}

/** Any message that names the user who acted. */
export interface TikTokUserMessage extends TikTokMessage {
  user?: TikTokUser | undefined;
}

/** `WebcastRoomUserSeqMessage` (event `roomUser`). */
export interface TikTokRoomUserMessage extends TikTokMessage {
  /** Viewers in the room now (1.x `viewerCount`). */
  total?: string | number;
  /** Viewers who have been in the room since the stream started. */
  totalUser?: string | number;
}

/** `WebcastLikeMessage` (event `like`). */
export interface TikTokLikeMessage extends TikTokUserMessage {
  /** Likes in this batch (1.x `likeCount`). */
  count?: number;
  /** The stream's like total after this batch (1.x `totalLikeCount`). */
  total?: string | number;
}

/** `WebcastChatMessage` (event `chat`). */
export interface TikTokChatMessage extends TikTokUserMessage {
  content?: string;
}

/** `Gift` inside a gift message: `type` 1 is a streakable (combo) gift. */
export interface TikTokGiftDetails {
  id?: string;
  name?: string;
  type?: number;
  diamondCount?: number;
}

/** `WebcastGiftMessage` (event `gift`). */
export interface TikTokGiftMessage extends TikTokUserMessage {
  giftId?: string | number;
  /** For a streak: the running total of repeats so far. */
  repeatCount?: number;
  /** 1 (or true) on the message that closes a streak. */
  repeatEnd?: number | boolean;
  /** Streak id: all messages of one streak share it. */
  groupId?: string;
  gift?: TikTokGiftDetails | undefined;
}

/** `WebcastSocialMessage` as emitted under `follow` or `share`. */
export interface TikTokSocialMessage extends TikTokUserMessage {
  shareCount?: number;
  followCount?: string | number;
}

/** `WebcastMemberMessage` (event `member`): `action` 1 = joined, 3 = subscribed. */
export interface TikTokMemberMessage extends TikTokUserMessage {
  action?: number;
}

/** `WebcastSubNotifyMessage` (event `subNotify`). */
export interface TikTokSubNotifyMessage extends TikTokUserMessage {
  subMonth?: string | number;
}

/** `WebcastControlMessage` (event `controlMessage`): `action` 3 = stream ended, 4 = suspended. */
export interface TikTokControlMessage extends TikTokMessage {
  action?: number;
}

/** The library's own `streamEnd` event: `{ action }`, no message id. */
export interface TikTokStreamEndEvent {
  action?: number;
}
