import { GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';
import { StoppableShardingStrategy } from './discord-gateway-strategy.js';

export interface ClipBotClientHooks {
  /** The client's gateway shards, once discord.js builds them (when it logs in). */
  onGateway: (gateway: StoppableShardingStrategy) => void;
  /** A gateway event discord.js could not take in (a payload with fields of the wrong type). */
  onSkipped: (err: unknown, event: unknown) => void;
}

/**
 * How a clip bot's discord.js client is set up: the intents it needs to read links in guild
 * messages and their reactions (message content is a privileged intent the bot's owner enables in
 * the developer portal), partials so that reactions and deletions of messages from before it
 * started reach it, caches bounded for big servers, Discord's REST base (the gateway's address
 * is asked from it), and a gateway whose events cannot throw into discord.js's own promises and
 * whose shards stay closed once stopped.
 * JSON encoding without compression: discord.js compresses only when zlib-sync is installed.
 */
export function clipBotClientOptions(apiUrl: string, hooks: ClipBotClientHooks): ClientOptions {
  return {
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMessageReactions,
    ],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    // What the bot needs is the last messages of a channel; users and members come and go.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: 1000, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: {
        maxSize: 1000,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
      ReactionUserManager: 100,
      PresenceManager: 0,
    }),
    rest: { api: apiUrl },
    ws: {
      buildStrategy: (manager) => {
        const gateway = new StoppableShardingStrategy(guardEmits(manager, hooks.onSkipped));
        hooks.onGateway(gateway);
        return gateway;
      },
    },
  };
}

/**
 * The gateway manager with its event emission guarded: discord.js builds its caches inside the
 * gateway's dispatch listener, and a payload with fields of the wrong type makes it throw there,
 * into a promise nobody awaits (an unhandled rejection ends the process). Such a dispatch is
 * handed to `onError` and skipped; the connection goes on.
 */
function guardEmits<T extends object>(manager: T, onError: (err: unknown, event: unknown) => void): T {
  const emitter = manager as unknown as { emit: (...args: unknown[]) => unknown };
  const emit = emitter.emit.bind(manager);
  emitter.emit = (...args: unknown[]) => {
    try {
      return emit(...args);
    } catch (err) {
      onError(err, args[0]);
      return true;
    }
  };
  return manager;
}
