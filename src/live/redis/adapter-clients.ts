import type { Redis } from 'ioredis';

type Listener = (...args: unknown[]) => void;

/**
 * The slice of a Redis client that `@socket.io/redis-adapter` uses, over ioredis, with every
 * command's failure handed to `onError`. The adapter fires its commands without awaiting them
 * (`pubClient.publish(channel, msg)` in `broadcast`), so a rejected publish while Redis is away
 * would otherwise be an unhandled rejection, and those end the process.
 */
export function adapterPubClient(client: Redis, onError: (err: unknown) => void): object {
  return {
    publish: (channel: string, message: Buffer | string) => client.publish(channel, message).catch(onError),
    // Only `serverCount()` (fetchSockets, serverSideEmit) asks this: how many instances listen.
    send_command: (name: string, args: string[], callback: (err: unknown, reply?: unknown) => void) =>
      client.call(name, ...args).then(
        (reply) => callback(null, reply),
        (err: unknown) => callback(err),
      ),
    ...emitterOf(client),
  };
}

/** The subscriber's slice: (un)subscribing, and the message events the adapter listens to. */
export function adapterSubClient(client: Redis, onError: (err: unknown) => void): object {
  const guard =
    (command: 'psubscribe' | 'punsubscribe' | 'subscribe' | 'unsubscribe') => (channels: string | string[]) =>
      client[command](...[channels].flat()).catch(onError);
  return {
    psubscribe: guard('psubscribe'),
    punsubscribe: guard('punsubscribe'),
    subscribe: guard('subscribe'),
    unsubscribe: guard('unsubscribe'),
    ...emitterOf(client),
  };
}

function emitterOf(client: Redis) {
  return {
    on: (event: string, listener: Listener) => client.on(event, listener),
    off: (event: string, listener: Listener) => client.off(event, listener),
    listenerCount: (event: string) => client.listenerCount(event),
  };
}
