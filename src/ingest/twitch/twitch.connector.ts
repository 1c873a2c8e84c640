import tmi from 'tmi.js';
import type { Logger } from 'pino';
import type { LiveEvent } from '../../core/live-event.js';
import {
  OfflineError,
  type Connector,
  type ConnectorContext,
  type ConnectorFactory,
  type ConnectorHandlers,
  type ConnectorTarget,
} from '../connector.js';
import { HelixStreamWatcher } from './helix-stream-watcher.js';
import { asIrcMessage } from './irc-message.js';
import { parseIrcUrl } from './irc-url.js';
import { TwitchIrcTranslator } from './twitch-irc-translator.js';

/** How to reach Twitch. Without `clientId` and `token` only chat is read (no viewers, no end). */
export interface TwitchConnectorOptions {
  /** Chat server, `wss://irc-ws.chat.twitch.tv:443` in production. */
  ircUrl: string;
  clientId?: string;
  token?: string;
  /** Helix base URL; default `https://api.twitch.tv/helix`. */
  helixUrl?: string;
  /** Get Streams polling period; default 30 s. */
  pollMs?: number;
  /** How long to wait for the JOIN echo after the welcome; default 10 s. */
  joinTimeoutMs?: number;
}

const DEFAULT_HELIX_URL = 'https://api.twitch.tv/helix';

/** Builds Twitch connectors: anonymous chat through tmi.js, plus Helix polling when credentials are given. */
export function createTwitchConnectorFactory(options: TwitchConnectorOptions): ConnectorFactory {
  const server = parseIrcUrl(options.ircUrl);
  return (target, context) => new TwitchConnector({ ...options, ...server }, target, context);
}

type ResolvedOptions = TwitchConnectorOptions & ReturnType<typeof parseIrcUrl>;

/**
 * One anonymous (justinfan) read of `#channel` with tmi.js, its own reconnect disabled: a lost
 * link is reported through `closed` and the supervisor builds a new connector. With Helix
 * credentials, `connect` first checks the channel is live (else `OfflineError`) and then polls
 * viewers until the stream ends, which closes the connector with `offline: true`.
 */
export class TwitchConnector implements Connector {
  private readonly channel: string;
  private readonly log: Logger;
  private readonly translator: TwitchIrcTranslator;
  private readonly helix: HelixStreamWatcher | undefined;
  private client: tmi.Client | undefined;
  private handlers: ConnectorHandlers | undefined;
  private finished = false;

  constructor(
    private readonly options: ResolvedOptions,
    target: ConnectorTarget,
    private readonly context: ConnectorContext,
  ) {
    this.channel = target.stream.channel.replace(/^#/, '').toLowerCase();
    this.log = context.logger.child({ module: 'ingest.twitch', channel: this.channel });
    this.translator = new TwitchIrcTranslator(this.channel, target.stream.id);
    this.helix = this.createHelixWatcher(target);
  }

  async connect(handlers: ConnectorHandlers): Promise<void> {
    this.handlers = handlers;
    const startEvents = await this.checkLive();
    try {
      await this.openChat();
    } catch (err) {
      await this.disconnect();
      throw err;
    }
    if (startEvents.length > 0) this.emit(startEvents);
    this.helix?.start({
      events: (events) => this.emit(events),
      offline: () => this.finish({ offline: true }),
    });
  }

  async disconnect(): Promise<void> {
    this.finished = true;
    this.helix?.stop();
    const client = this.client;
    this.client = undefined;
    if (client === undefined || client.readyState() === 'CLOSED' || client.readyState() === 'CLOSING') return;
    await Promise.race([client.disconnect().catch(() => undefined), delay(2000)]);
  }

  private async checkLive(): Promise<LiveEvent[]> {
    if (this.helix === undefined) return [];
    const { status, events } = await this.helix.check();
    if (!status.live) throw new OfflineError(`twitch channel ${this.channel} is not live`);
    return events;
  }

  private async openChat(): Promise<void> {
    const { server, port, secure } = this.options;
    const client = new tmi.Client({
      options: { skipMembership: true, skipUpdatingEmotesets: true, messagesLogLevel: 'debug' },
      connection: { server, port, secure, reconnect: false },
      channels: [this.channel],
      logger: this.tmiLogger(),
    });
    this.client = client;
    client.on('raw_message', (cloned: Record<string, unknown>) => this.onMessage(cloned));
    const joined = this.waitForJoin(client);
    joined.catch(() => undefined);
    try {
      await client.connect();
    } catch (reason) {
      throw toError(reason, 'twitch chat connection failed');
    }
    await joined;
    client.on('disconnected', (reason: string) =>
      this.finish({ offline: false, error: toError(reason, 'twitch chat disconnected') }),
    );
  }

  private waitForJoin(client: tmi.Client): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`no JOIN echo for #${this.channel} within the timeout`));
      }, this.options.joinTimeoutMs ?? 10_000);
      const onJoin = (channel: string, _user: string, self: boolean) => {
        if (!self || channel !== `#${this.channel}`) return;
        settle();
        resolve();
      };
      const onDisconnected = (reason: string) => {
        settle();
        reject(toError(reason, 'twitch chat disconnected before joining'));
      };
      const settle = () => {
        clearTimeout(timer);
        client.removeListener('join', onJoin);
        client.removeListener('disconnected', onDisconnected);
      };
      client.on('join', onJoin);
      client.on('disconnected', onDisconnected);
    });
  }

  private onMessage(raw: Record<string, unknown>): void {
    const message = asIrcMessage(raw);
    if (this.finished || message === undefined) return;
    const events = this.translator.translate(message, this.context.now());
    if (events.length > 0) this.emit(events);
  }

  private emit(events: readonly LiveEvent[]): void {
    if (!this.finished) this.handlers?.events(events);
  }

  /** Reports the end once, then closes whatever is still open. */
  private finish(outcome: { offline: boolean; error?: Error }): void {
    if (this.finished) return;
    this.finished = true;
    if (outcome.error) this.log.warn({ err: outcome.error }, 'twitch connector closed');
    else this.log.info({ offline: outcome.offline }, 'twitch connector closed');
    this.handlers?.closed(outcome);
    void this.disconnect();
  }

  private createHelixWatcher(target: ConnectorTarget): HelixStreamWatcher | undefined {
    const { clientId, token } = this.options;
    if (!clientId || !token) return undefined;
    return new HelixStreamWatcher({
      helixUrl: (this.options.helixUrl ?? DEFAULT_HELIX_URL).replace(/\/+$/, ''),
      clientId,
      token,
      channel: this.channel,
      stream: target.stream.id,
      pollMs: this.options.pollMs ?? 30_000,
      now: this.context.now,
      logger: this.log,
    });
  }

  /** tmi.js logs every chat line at info; keep it at debug in our logger. */
  private tmiLogger() {
    const log = this.log;
    return {
      info: (message: string) => log.debug({ tmi: message }, 'tmi.js'),
      warn: (message: string) => log.debug({ tmi: message }, 'tmi.js warning'),
      error: (message: string) => log.warn({ tmi: message }, 'tmi.js error'),
      debug: (message: string) => log.trace({ tmi: message }, 'tmi.js'),
    };
  }
}

function toError(reason: unknown, context: string): Error {
  if (reason instanceof Error) return reason;
  return new Error(`${context}: ${typeof reason === 'string' ? reason : 'unknown reason'}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
