import type { ClipSourceState, ClipSourceStatusView } from '../../core/clip-source-status.js';
import type { StreamInfo } from '../../store/ports.js';
import type { ClipRefreshOutcome, ClipSyncOutcome, TwitchClipPoller } from './twitch-clip-poller.js';

/** A stream's poller as the supervisor keeps it. Times are epoch ms. */
export interface ClipPollSlot {
  profile: string;
  stream: StreamInfo;
  poller: TwitchClipPoller | null;
  state: ClipSourceState;
  since: number;
  failures: number;
  lastError: { message: string; at: number } | null;
  nextAt: number | null;
  detail: string | null;
  timer: NodeJS.Timeout | null;
  /** The poll in flight, and how to abort it. */
  polling: Promise<void> | null;
  abort: AbortController | null;
  isStopped: boolean;
}

/** What a poll did, in plain words. */
export function describePoll(
  synced: ClipSyncOutcome,
  refreshed: ClipRefreshOutcome | null,
  backfillMs: number,
): string {
  const days = Math.round(backfillMs / 86_400_000);
  const parts = [
    synced.isFirst
      ? `first sync: ${synced.clips} clips of the last ${days} days, ${synced.created} new`
      : `${synced.clips} clips in the last poll, ${synced.created} new`,
  ];
  if (synced.skipped > 0) parts.push(`${synced.skipped} items skipped`);
  if (refreshed && refreshed.refreshed + refreshed.missing > 0)
    parts.push(`${refreshed.refreshed} view counts read again`);
  if (refreshed && refreshed.sharedAsked > 0)
    parts.push(`${refreshed.sharedFound} of ${refreshed.sharedAsked} shared clips found`);
  return parts.join('; ');
}

/** A slot as the API shows it (ISO-8601 times). */
export function viewClipPollSlot(s: ClipPollSlot): ClipSourceStatusView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    kind: 'twitch',
    stream: s.stream.id,
    state: s.state,
    since: iso(s.since),
    failures: s.failures,
    last_error: s.lastError && { message: s.lastError.message, at: iso(s.lastError.at) },
    next_attempt_at: s.nextAt === null ? null : iso(s.nextAt),
    detail: s.detail,
  };
}
