import type { Logger } from 'pino';
import { UserOfflineError } from 'tiktok-live-connector';
import type { LiveEvent } from '../../core/live-event.js';
import {
  OfflineError,
  type Connector,
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorHandlers,
  type ConnectorTarget,
} from '../connector.js';
import {
  createTikTokLiveClient,
  type TikTokClientFactory,
  type TikTokLiveClient,
} from './tiktok-live-client.js';
import { TikTokMapper, type TikTokEventName, type TikTokLibraryEvent } from './tiktok.mapper.js';

/** The library events mapped to LiveEvents (the names of tiktok-live-connector 2.x). */
export const TIKTOK_MAPPED_EVENTS = [
  'roomUser',
  'like',
  'chat',
  'gift',
  'follow',
  'share',
  'member',
  'subNotify',
  'controlMessage',
  'streamEnd',
] as const satisfies readonly TikTokEventName[];

export interface TikTokConnectorOptions {
  /** Builds the library client; default: a real `TikTokLiveConnection`. */
  createClient?: TikTokClientFactory;
  /** How often idle gift streaks are closed (default 5 s). */
  flushIntervalMs?: number;
  /** Idle time after which a streak without its end message is counted (default 20 s). */
  streakIdleMs?: number;
}

type Outcome = { offline: boolean; error?: Error };

/**
 * A TikTok LIVE connector over tiktok-live-connector 2.x for `target.stream.channel` (the @handle,
 * a leading '@' is ignored). Library events go through `TikTokMapper`; `streamEnd` reports
 * `closed({ offline: true })`, `disconnected` reports `closed({ offline: false, error })` with the
 * last library `error` seen (errors alone are logged: the library also emits them for one
 * undecodable message on a healthy link). Open gift streaks are counted on a timer when idle and
 * all at once when the link goes away.
 */
export class TikTokConnector implements Connector {
  private readonly log: Logger;
  private readonly mapper: TikTokMapper;
  private readonly createClient: TikTokClientFactory;
  private readonly flushIntervalMs: number;
  private client: TikTokLiveClient | undefined;
  private handlers: ConnectorHandlers | undefined;
  private timer: NodeJS.Timeout | undefined;
  private isConnected = false;
  private isFinished = false;
  private pendingOutcome: Outcome | undefined;
  private lastError: Error | undefined;

  constructor(
    private readonly target: ConnectorTarget,
    private readonly context: ConnectorContext,
    options: TikTokConnectorOptions = {},
  ) {
    this.log = context.logger.child({ module: 'ingest.tiktok', stream: target.stream.id });
    this.mapper = new TikTokMapper(target.stream.id, { streakIdleMs: options.streakIdleMs });
    this.createClient = options.createClient ?? createTikTokLiveClient;
    this.flushIntervalMs = options.flushIntervalMs ?? 5_000;
  }

  /** The @handle the connector follows: the channel without a leading '@'. */
  get uniqueId(): string {
    return this.target.stream.channel.trim().replace(/^@/, '');
  }

  async connect(handlers: ConnectorHandlers): Promise<void> {
    if (this.client) throw new Error('a TikTok connector connects once; create a new one to reconnect');
    this.handlers = handlers;
    const client = this.createClient(this.uniqueId);
    this.client = client;
    this.subscribe(client);
    try {
      await client.connect();
    } catch (err) {
      this.isFinished = true;
      client.removeAllListeners();
      if (err instanceof UserOfflineError)
        throw new OfflineError(`TikTok user @${this.uniqueId} is not live`, { cause: err });
      throw err instanceof Error ? err : new Error(`TikTok connect failed: ${String(err)}`);
    }
    this.isConnected = true;
    this.timer = setInterval(() => this.emit(this.mapper.flush(this.context.now())), this.flushIntervalMs);
    this.timer.unref();
    // The stream may have ended (or the link dropped) while the library was still connecting.
    if (this.pendingOutcome) this.finish(this.pendingOutcome);
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    if (!this.isFinished) {
      this.emit(this.mapper.flushAll());
      this.stop();
    }
    if (!client) return;
    client.removeAllListeners();
    try {
      await client.disconnect();
    } catch (err) {
      this.log.warn({ err }, 'tiktok disconnect failed');
    }
  }

  private subscribe(client: TikTokLiveClient): void {
    for (const event of TIKTOK_MAPPED_EVENTS) {
      client.on(event, (data) => this.onLibraryEvent({ event, data } as TikTokLibraryEvent));
    }
    client.on('streamEnd', () => this.finish({ offline: true }));
    client.on('disconnected', (payload) => {
      const info = payload as { code?: number; reason?: string } | undefined;
      const why = `TikTok connection closed (code ${info?.code ?? '?'}${info?.reason ? `: ${info.reason}` : ''})`;
      this.finish({ offline: false, error: this.lastError ?? new Error(why) });
    });
    client.on('error', (payload) => {
      const report = payload as { info?: string; exception?: unknown } | undefined;
      const cause = report?.exception;
      this.lastError = cause instanceof Error ? cause : new Error(report?.info ?? 'TikTok client error');
      this.log.warn({ err: this.lastError, info: report?.info }, 'tiktok client error');
    });
  }

  private onLibraryEvent(message: TikTokLibraryEvent): void {
    if (this.isFinished) return;
    try {
      this.emit(this.mapper.map(message, this.context.now()));
    } catch (err) {
      this.log.error({ err, event: message.event }, 'tiktok event could not be mapped');
    }
  }

  private emit(events: LiveEvent[]): void {
    if (events.length > 0 && this.handlers && !this.isFinished) this.handlers.events(events);
  }

  /** Reports the end of the link once; before `connect` resolved, holds it until then. */
  private finish(outcome: Outcome): void {
    if (this.isFinished) return;
    if (!this.isConnected) {
      this.pendingOutcome ??= outcome;
      return;
    }
    this.emit(this.mapper.flushAll());
    this.stop();
    this.handlers?.closed(outcome);
  }

  private stop(): void {
    this.isFinished = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Builds TikTok connectors with the given options (a stand-in client, faster timers in tests). */
export function createTikTokConnectorFactory(options: TikTokConnectorOptions = {}): ConnectorFactory {
  return (target, context) => new TikTokConnector(target, context, options);
}

/** The TikTok LIVE connector over the real tiktok-live-connector library. */
export const tiktokConnectorFactory: ConnectorFactory = createTikTokConnectorFactory();
