import {
  Client,
  Events,
  type Message,
  type MessageReaction,
  type PartialMessage,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import type { Logger } from 'pino';
import type { ClipReactionChange, ClipShare, ClipStore } from '../../store/clip-store.port.js';
import {
  isWatchedChannel,
  messageIds,
  reactionChange,
  reactionClear,
  sharesOfMessage,
} from './discord-clip.mapper.js';
import { clipBotClientOptions } from './discord-client-options.js';
import type { StoppableShardingStrategy } from './discord-gateway-strategy.js';
import { closedFor, DiscordLoginError, loginError } from './discord-login-error.js';

/** Longest wait for a closing client or gateway before the bot goes on (ms). */
const CLOSE_WAIT_MS = 5_000;
/** What the bot writes to its profile's store. */
export type DiscordClipWrites = Pick<
  ClipStore,
  'recordClipShares' | 'forgetClipShareMessages' | 'applyClipReactions'
>;

export interface DiscordClipBotOptions {
  token: string;
  /** Channels watched; empty: every channel of the guilds the bot is in. */
  channelIds: readonly string[];
  /** Discord's REST base (`https://discord.com/api`); the gateway's address is asked from it. */
  apiUrl: string;
  /** The profile's store (opened on first use). */
  store: () => Promise<DiscordClipWrites>;
  log: Logger;
  now: () => number;
  /** Longest wait from login to the guilds being ready (default 30,000 ms). */
  readyTimeoutMs?: number;
  /** Writes waiting for the store; beyond it new ones are dropped and counted (default 10,000). */
  maxPending?: number;
}

/** How the connection goes once the bot is ready. */
export interface DiscordClipBotListener {
  /** The gateway connection dropped; discord.js is resuming it. */
  dropped(): void;
  /** The connection is back after a drop. */
  resumed(): void;
  /** The connection is gone for good (a refused token, a closed session): log in again. */
  lost(error: DiscordLoginError): void;
}

/** What the bot did since it logged in. */
export interface DiscordClipBotCounts {
  /** Clip shares stored (a share already stored again is not counted). */
  shares: number;
  /** Gateway events the store or Discord failed on, or dropped for a full queue. */
  failures: number;
  /** Guilds the bot is in. */
  guilds: number;
}

/**
 * One profile's Discord bot: logs in with the gateway intents it needs to read links in messages
 * and their reactions (message content is a privileged intent the bot's owner enables), and turns
 * what it hears in the watched channels into clip shares and reaction changes, written to the
 * store one after another in the order heard. Reactions on messages it has not seen (posted before
 * it started) fetch the message first, so their links count. Nothing a payload holds, and no
 * failure of the store, reaches the caller: both are logged and counted.
 */
export class DiscordClipBot {
  private client: Client | null = null;
  private readonly watched: ReadonlySet<string>;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly counts = { shares: 0, failures: 0 };
  private isDropped = false;
  /** The client's gateway shards (discord.js builds them when it logs in). */
  private gateway: StoppableShardingStrategy | null = null;
  /** Ends a login under way (the bot is being stopped). */
  private cancelLogin: (() => void) | null = null;

  constructor(private readonly options: DiscordClipBotOptions) {
    this.watched = new Set(options.channelIds);
  }

  /** What the bot did so far. */
  get stats(): DiscordClipBotCounts {
    return { ...this.counts, guilds: this.client?.guilds.cache.size ?? 0 };
  }

  /**
   * Logs in and resolves once the bot's guilds are ready; `listener` hears of the connection from
   * then on. Rejects with a `DiscordLoginError` (the client closed) when Discord refuses the token,
   * cannot be reached, or the guilds are not ready in time.
   */
  async connect(listener: DiscordClipBotListener): Promise<void> {
    const client = this.createClient();
    this.client = client;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      client.once(Events.ClientReady, () => resolve());
      client.once(Events.ShardDisconnect, (event: { code: number }) => reject(closedFor(event.code)));
      this.cancelLogin = () => reject(new DiscordLoginError('stopped while logging in', false));
      timer = setTimeout(
        () => reject(new DiscordLoginError('Discord did not get ready in time', false)),
        this.options.readyTimeoutMs ?? 30_000,
      );
    });
    const login = client.login(this.options.token);
    // Stopped while logging in: discord.js may open its connection after the stop, whether its
    // login then succeeds or fails (the stop can make it fail); the connection goes then.
    const closeIfStopped = () => (this.client === client ? undefined : this.destroy(client));
    void login.then(closeIfStopped, closeIfStopped);
    try {
      await Promise.all([login, ready]);
    } catch (err) {
      if (this.client === client) this.client = null;
      await this.destroy(client);
      throw loginError(err);
    } finally {
      clearTimeout(timer);
      this.cancelLogin = null;
    }
    this.follow(client, listener);
  }

  /** Closes the connection (or stops logging in) and waits for the writes already heard. */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.cancelLogin?.();
    if (client) await this.destroy(client);
    await this.tail;
  }

  private async destroy(client: Client): Promise<void> {
    client.removeAllListeners();
    // Whatever discord.js still reports while closing is of no interest.
    client.on(Events.Error, () => undefined);
    const failed = (err: unknown) => this.options.log.warn({ err }, 'discord client did not close cleanly');
    // A close under way while the login connects can wait on that connection: never for long.
    const bounded = (closing: Promise<unknown>) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.options.log.warn('discord client still closing; going on');
          resolve();
        }, CLOSE_WAIT_MS);
        void closing.catch(failed).finally(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    await bounded(client.destroy());
    // discord.js destroys a client once: a connection its login opened afterwards is closed here.
    if (this.gateway) await bounded(this.gateway.destroy({ reason: 'bot stopped' }));
  }

  private createClient(): Client {
    const client = new Client(
      clipBotClientOptions(this.options.apiUrl, {
        onGateway: (gateway) => (this.gateway = gateway),
        onSkipped: (err, event) => this.skipped(err, event),
      }),
    );
    const log = this.options.log;
    client.on(Events.Error, (err) => log.warn({ err }, 'discord client error'));
    client.on(Events.ShardError, (err) => log.warn({ err }, 'discord gateway error'));
    client.on(Events.MessageCreate, (m) => this.guard(() => this.onMessage(m)));
    client.on(Events.MessageUpdate, (_old, m) => this.guard(() => this.onMessage(m)));
    client.on(Events.MessageDelete, (m) => this.guard(() => this.forget([m.id])));
    client.on(Events.MessageBulkDelete, (ms) => this.guard(() => this.forget(ms.keys())));
    client.on(Events.MessageReactionAdd, (r, u) => this.guard(() => this.onReaction('add', r, u)));
    client.on(Events.MessageReactionRemove, (r, u) => this.guard(() => this.onReaction('remove', r, u)));
    client.on(Events.MessageReactionRemoveAll, (m) => this.guard(() => this.onClear(m, reactionClear(m.id))));
    client.on(Events.MessageReactionRemoveEmoji, (r) =>
      this.guard(() => this.onClear(r.message, reactionClear(r.message.id, r.emoji))),
    );
    return client;
  }

  private follow(client: Client, listener: DiscordClipBotListener): void {
    client.on(Events.ShardReconnecting, () => {
      this.isDropped = true;
      listener.dropped();
    });
    const back = () => {
      if (!this.isDropped) return;
      this.isDropped = false;
      listener.resumed();
    };
    client.on(Events.ShardResume, back);
    client.on(Events.ShardReady, back);
    client.on(Events.ShardDisconnect, (event: { code: number }) => listener.lost(closedFor(event.code)));
    client.on(Events.Invalidated, () =>
      listener.lost(new DiscordLoginError('Discord ended the session', false)),
    );
  }

  private onMessage(message: Message | PartialMessage): void {
    if (this.isOwn(message.author?.id) || !this.isWatched(message)) return;
    const shares = sharesOfMessage(message);
    if (shares.length > 0) this.enqueue('record shares', (store) => this.record(store, shares));
  }

  private forget(ids: Iterable<unknown>): void {
    const messages = messageIds(ids);
    if (messages.length === 0) return;
    this.enqueue('forget messages', (store) => store.forgetClipShareMessages(messages, this.options.now()));
  }

  private onReaction(
    kind: 'add' | 'remove',
    reaction: MessageReaction | PartialMessageReaction,
    user: User | PartialUser,
  ): void {
    const message = reaction.message;
    if (this.isOwn(user.id) || !this.isWatched(message)) return;
    const change = reactionChange(kind, message.id, reaction.emoji, user.id);
    if (!change) return;
    this.enqueue(`reaction ${kind}`, async (store) => {
      // A message the bot has not seen: its links are read first, or its reactions would not count.
      if (kind === 'add' && message.partial) await this.recordFetched(store, message);
      await store.applyClipReactions([change], this.options.now());
    });
  }

  private onClear(message: Message | PartialMessage, change: ClipReactionChange | null): void {
    if (!change || !this.isWatched(message)) return;
    this.enqueue('reactions cleared', (store) => store.applyClipReactions([change], this.options.now()));
  }

  private async recordFetched(store: DiscordClipWrites, message: PartialMessage): Promise<void> {
    let fetched: Message;
    try {
      fetched = await message.fetch();
    } catch (err) {
      this.counts.failures += 1;
      this.options.log.warn(
        { err, message: message.id },
        'discord message not fetched; its links are not read',
      );
      return;
    }
    if (this.isOwn(fetched.author?.id)) return;
    const shares = sharesOfMessage(fetched);
    if (shares.length > 0) await this.record(store, shares);
  }

  private async record(store: DiscordClipWrites, shares: ClipShare[]): Promise<void> {
    const { recorded } = await store.recordClipShares(shares, this.options.now());
    this.counts.shares += recorded;
  }

  /** Runs a write after those before it; memory stays bounded by `maxPending`. */
  private enqueue(what: string, write: (store: DiscordClipWrites) => Promise<unknown>): void {
    if (this.pending >= (this.options.maxPending ?? 10_000)) {
      this.counts.failures += 1;
      this.options.log.error({ what, pending: this.pending }, 'discord writes queue full: event dropped');
      return;
    }
    this.pending += 1;
    this.tail = this.tail
      .then(async () => void (await write(await this.options.store())))
      .catch((err: unknown) => {
        this.counts.failures += 1;
        this.options.log.error({ err, what }, 'discord clip event not stored');
      })
      .finally(() => {
        this.pending -= 1;
      });
  }

  private isWatched(message: Message | PartialMessage): boolean {
    return isWatchedChannel(this.watched, message.channelId, parentOf(message));
  }

  private isOwn(userId: unknown): boolean {
    return userId !== undefined && userId === this.client?.user?.id;
  }

  private skipped(err: unknown, event: unknown): void {
    this.counts.failures += 1;
    this.options.log.warn({ err, event }, 'discord gateway event not understood; skipped');
  }

  /** A listener that cannot throw into discord.js (a payload with odd fields must not stop the bot). */
  private guard(handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.counts.failures += 1;
      this.options.log.warn({ err }, 'discord event not understood');
    }
  }
}

/** The thread's parent channel, for a message in a thread. */
function parentOf(message: Message | PartialMessage): string | null {
  const channel = message.channel as Message['channel'] | null;
  return channel?.isThread() ? channel.parentId : null;
}
