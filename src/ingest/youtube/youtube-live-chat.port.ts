import type { Helpers, LiveChatContinuation } from 'youtubei.js';
import type { YoutubeLiveMetadata } from './youtube.mapper.js';

/** The events of youtubei.js's `LiveChat` that the connector listens to. */
export type YoutubeLiveChatEvents = {
  /** First response: the chat is open; `actions` holds the recent backlog. */
  start: (initial: LiveChatContinuation) => void;
  'chat-update': (action: Helpers.YTNode) => void;
  'metadata-update': (metadata: YoutubeLiveMetadata) => void;
  error: (err: unknown) => void;
  end: () => void;
};

/** The slice of youtubei.js's `LiveChat` the connector uses; a test drives it with a stand-in. */
export interface YoutubeLiveChat {
  on<K extends keyof YoutubeLiveChatEvents>(type: K, listener: YoutubeLiveChatEvents[K]): void;
  off<K extends keyof YoutubeLiveChatEvents>(type: K, listener: YoutubeLiveChatEvents[K]): void;
  /** Starts polling; events follow. */
  start(): void;
  /** Stops polling. Events already queued may still be emitted: the caller ignores them. */
  stop(): void;
}

/** Opens the live chat of a YouTube channel or video. */
export interface YoutubeClient {
  /**
   * Resolves `channel` (a video id, an `@handle`, a `UC…` channel id or a youtube.com URL) to its
   * live video and returns that video's live chat, not yet started. Rejects with `OfflineError`
   * when nothing is live there, with another error when YouTube cannot be reached.
   */
  openLiveChat(channel: string): Promise<YoutubeLiveChat>;
}
