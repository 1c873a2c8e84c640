import type { ClipSourceState, ClipSourceStatusView } from '../../core/clip-source-status.js';

/** A profile's Discord clip source as its supervisor keeps it. Times are epoch ms. */
export interface DiscordSourceStatus {
  state: ClipSourceState;
  since: number;
  failures: number;
  last_error: { message: string; at: number } | null;
  next_attempt_at: number | null;
}

/** The status as the API shows it (times as ISO-8601), with its status line. */
export function viewDiscordSourceStatus(status: DiscordSourceStatus, detail: string): ClipSourceStatusView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    kind: 'discord',
    stream: null,
    state: status.state,
    since: iso(status.since),
    failures: status.failures,
    last_error: status.last_error && { message: status.last_error.message, at: iso(status.last_error.at) },
    next_attempt_at: status.next_attempt_at === null ? null : iso(status.next_attempt_at),
    detail,
  };
}

/** What a profile's Discord bot did, for its status line. */
export interface DiscordSourceFacts {
  /** Channels watched (0: every channel of its servers). */
  channels: number;
  /** Servers the bot is in. */
  guilds: number;
  /** Clip shares recorded since the server started. */
  shares: number;
  /** Events not stored (the store failed, or they were dropped). */
  failures: number;
  /** Where the source is: what it does now leads its status line. */
  state: ClipSourceState;
}

/**
 * The status line of a Discord clip source, e.g. "watching 3 channels, 12 shares recorded" (the
 * shares since the server started).
 */
export function describeDiscordSource(facts: DiscordSourceFacts): string {
  const watching =
    facts.channels === 0
      ? `watching every channel of ${plural(facts.guilds, 'server')}`
      : `watching ${plural(facts.channels, 'channel')}`;
  const doing = {
    idle: 'logging in to Discord',
    running: watching,
    error: 'not connected',
    stopped: 'stopped',
  };
  const parts = [doing[facts.state], `${plural(facts.shares, 'share')} recorded`];
  if (facts.failures > 0) parts.push(`${plural(facts.failures, 'event')} not stored`);
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
