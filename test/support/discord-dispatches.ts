// Gateway dispatch data built from the Discord fixtures (test/fixtures/discord/SOURCES.md): the
// documentation's message examples with clip links in their content, and the documented shapes
// of the delete and reaction events, with the ids a test names.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const read = (path: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

/** Discord's epoch (2015-01-01) in ms: a snowflake's time is counted from it. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A snowflake id made at `ms` (epoch ms). */
export function snowflake(ms: number = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(ms) - DISCORD_EPOCH) << 22n) | increment).toString();
}

export interface MessageParts {
  id: string;
  guild_id: string;
  channel_id: string;
  content: string;
  author?: { id: string; username: string; bot?: boolean };
}

/**
 * A guild message as MESSAGE_CREATE carries it (and REST answers it): one of the documentation's
 * example messages (`docs-example-message.json`, or the crossposted one) with the guild, the
 * `member` and the parts given.
 */
export function message(
  parts: MessageParts,
  example: 'docs-example-message' | 'docs-example-crossposted-message' = 'docs-example-message',
): Json {
  const base = read(`real/discord/${example}.json`);
  const author = { ...(base.author as Json), global_name: null, ...parts.author };
  return {
    ...base,
    ...parts,
    author,
    reactions: [],
    timestamp: new Date(Number((BigInt(parts.id) >> 22n) + DISCORD_EPOCH)).toISOString(),
    member: { roles: [], joined_at: '2017-07-11T17:27:07.299000+00:00', deaf: false, mute: false, flags: 0 },
  };
}

/** A documented dispatch's data (`message-reaction-add`, ...) with the fields given replaced. */
export function dispatchData(name: string, fields: Json): Json {
  return { ...read(`discord/${name}.dispatch.json`), ...fields };
}
