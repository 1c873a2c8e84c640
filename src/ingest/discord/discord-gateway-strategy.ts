import {
  SimpleShardingStrategy,
  WebSocketShard,
  WebSocketShardEvents,
  type WebSocketShardDestroyOptions,
} from '@discordjs/ws';

/**
 * The bot's gateway shards in this process, run by discord.js's simple strategy, with one
 * difference: destroyed shards stay closed until shards are spawned again. A shard destroyed while
 * it waits for Discord's hello or ready takes the aborted wait for a failure and connects again
 * half a second later, logging in with the stopped bot's token; such a shard is closed once it is
 * ready (not sooner: destroying it while it waits starts yet another connection). discord.js also
 * destroys the strategy itself just before spawning the shards of a login.
 */
export class StoppableShardingStrategy extends SimpleShardingStrategy {
  private stopped = false;

  override async spawn(shardIds: number[]): Promise<void> {
    this.stopped = false;
    await super.spawn(shardIds);
    for (const id of shardIds) {
      const shard = this.shard(id);
      shard.on(WebSocketShardEvents.Ready, () => this.closeIfStopped(shard));
      shard.on(WebSocketShardEvents.Resumed, () => this.closeIfStopped(shard));
    }
  }

  override async destroy(options?: Omit<WebSocketShardDestroyOptions, 'recover'>): Promise<void> {
    this.stopped = true;
    await super.destroy(options);
  }

  private shard(id: number): WebSocketShard {
    // The simple strategy keeps its shards in a collection it does not show.
    const shards: unknown = Reflect.get(this, 'shards');
    const shard: unknown = shards instanceof Map ? shards.get(id) : undefined;
    if (!(shard instanceof WebSocketShard))
      throw new Error(`gateway shard ${id} not found after spawning it`);
    return shard;
  }

  private closeIfStopped(shard: WebSocketShard): void {
    if (!this.stopped) return;
    // Once the shard's own wait for this event is over (its listener runs after this one).
    setImmediate(() => void shard.destroy({ reason: 'bot stopped' }).catch(() => undefined));
  }
}
