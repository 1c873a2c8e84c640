import type { Logger } from 'pino';
import type { Helpers, LiveChatContinuation } from 'youtubei.js';
import type { LiveEvent } from '../../core/live-event.js';
import {
  OfflineError,
  type Connector,
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorHandlers,
  type ConnectorTarget,
} from '../connector.js';
import { InnertubeClient } from './innertube-client.js';
import type { YoutubeClient, YoutubeLiveChat, YoutubeLiveChatEvents } from './youtube-live-chat.port.js';
import { mapChatAction, mapLiveMetadata, type YoutubeLiveMetadata } from './youtube.mapper.js';

/** How long `connect` waits for the chat's first response before giving up. */
const DEFAULT_START_TIMEOUT_MS = 30_000;

export interface YoutubeConnectorOptions {
  /** Opens a client for one connect (a fresh InnerTube session in production). */
  openClient: () => Promise<YoutubeClient>;
  startTimeoutMs?: number;
}

/**
 * The live chat of one YouTube stream: chat, Super Chats/Stickers, memberships and viewer counts,
 * mapped by `youtube.mapper.ts`. `target.stream.channel` is a video id, `@handle`, channel id or
 * URL. Used for one connect/disconnect cycle.
 */
export class YoutubeConnector implements Connector {
  private readonly log: Logger;
  private chat: YoutubeLiveChat | undefined;
  private listeners: Partial<YoutubeLiveChatEvents> = {};
  private done = false;

  constructor(
    private readonly target: ConnectorTarget,
    private readonly context: ConnectorContext,
    private readonly options: YoutubeConnectorOptions,
  ) {
    this.log = context.logger.child({ module: 'ingest.youtube', streamId: target.stream.id });
  }

  async connect(handlers: ConnectorHandlers): Promise<void> {
    const client = await this.options.openClient();
    const chat = await client.openLiveChat(this.target.stream.channel);
    if (this.done) return; // disconnected while opening
    this.chat = chat;
    await new Promise<void>((resolve, reject) => {
      let started = false;
      const timer = setTimeout(() => {
        this.close();
        reject(new Error(`YouTube live chat did not start within ${this.startTimeoutMs()} ms`));
      }, this.startTimeoutMs());
      const finish = (outcome: { offline: boolean; error?: Error }): void => {
        if (this.done) return;
        clearTimeout(timer);
        this.close();
        if (!started) reject(outcome.error ?? new OfflineError('YouTube live chat ended before it started'));
        else handlers.closed(outcome);
      };
      this.listen(chat, {
        start: (initial) => {
          started = true;
          clearTimeout(timer);
          resolve();
          this.report(handlers, this.mapBacklog(initial));
        },
        'chat-update': (action) =>
          this.report(
            handlers,
            this.mapSafely(() => mapChatAction(action, this.mapContext())),
          ),
        'metadata-update': (metadata) => this.report(handlers, this.mapViewers(metadata)),
        error: (err) =>
          finish({ offline: false, error: err instanceof Error ? err : new Error(String(err)) }),
        end: () => finish({ offline: true }),
      });
      chat.start();
    });
  }

  disconnect(): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  private startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  }

  private listen(chat: YoutubeLiveChat, listeners: Required<YoutubeLiveChatEvents>): void {
    this.listeners = listeners;
    chat.on('start', listeners.start);
    chat.on('chat-update', listeners['chat-update']);
    chat.on('metadata-update', listeners['metadata-update']);
    chat.on('error', listeners.error);
    chat.on('end', listeners.end);
  }

  /** Stops the chat and detaches; nothing is reported afterwards. Never throws. */
  private close(): void {
    if (this.done) return;
    this.done = true;
    const chat = this.chat;
    if (!chat) return;
    const l = this.listeners;
    if (l.start) chat.off('start', l.start);
    if (l['chat-update']) chat.off('chat-update', l['chat-update']);
    if (l['metadata-update']) chat.off('metadata-update', l['metadata-update']);
    if (l.error) chat.off('error', l.error);
    if (l.end) chat.off('end', l.end);
    try {
      chat.stop();
    } catch (err) {
      this.log.warn({ err }, 'youtube live chat stop failed');
    }
  }

  private mapContext(): { stream: string; now: number } {
    return { stream: this.target.stream.id, now: this.context.now() };
  }

  // The backlog YouTube sends on open: re-sent on every reconnect, so it relies on id dedupe.
  private mapBacklog(initial: LiveChatContinuation): LiveEvent[] {
    const actions: Helpers.YTNode[] = [...initial.actions];
    return this.mapSafely(() => actions.flatMap((action) => mapChatAction(action, this.mapContext())));
  }

  private mapViewers(metadata: YoutubeLiveMetadata): LiveEvent[] {
    return this.mapSafely(() => mapLiveMetadata(metadata, this.mapContext()));
  }

  /** A payload the mapper cannot read is logged and skipped; the chat goes on. */
  private mapSafely(map: () => LiveEvent[]): LiveEvent[] {
    try {
      return map();
    } catch (err) {
      this.log.warn({ err }, 'youtube payload not mapped');
      return [];
    }
  }

  private report(handlers: ConnectorHandlers, events: LiveEvent[]): void {
    if (!this.done && events.length > 0) handlers.events(events);
  }
}

/** Builds YouTube connectors that open their chat through `openClient`. */
export function createYoutubeConnectorFactory(
  openClient: () => Promise<YoutubeClient>,
  startTimeoutMs?: number,
): ConnectorFactory {
  return (target, context) => new YoutubeConnector(target, context, { openClient, startTimeoutMs });
}

/** The production factory: one InnerTube session per connect. */
export const youtubeConnectorFactory: ConnectorFactory = createYoutubeConnectorFactory(() =>
  InnertubeClient.create(),
);
