import type { RecentView } from './use-recent-minutes.js';

const CONNECTION_TITLE =
  "This page's link to the server. While connected, figures update as events arrive; it says nothing about whether a stream is on air.";
const ON_AIR_TITLE =
  'LIVE: at least one stream of this profile has an open session (an event arrived lately and no end was recorded; a silent stream is ended after the session grace). Offline: no stream has an open session.';

/** Two separate facts: whether the page is connected, and whether any stream is live. */
export function OnAirBadges({ connected, recent }: { connected: boolean; recent: RecentView | null }) {
  const live = recent?.liveStreams ?? [];
  return (
    <>
      <span
        className={`badge ${connected ? 'ok' : 'warn'}`}
        data-testid="connection"
        title={CONNECTION_TITLE}
      >
        {connected ? 'connected' : 'reconnecting…'}
      </span>{' '}
      <span
        className={`badge ${live.length > 0 ? 'rec' : ''}`}
        data-testid="on-air"
        data-streams={live.join(' ')}
        title={live.length > 0 ? `${ON_AIR_TITLE} Live now: ${live.join(', ')}.` : ON_AIR_TITLE}
      >
        {recent == null ? '…' : live.length > 0 ? `LIVE (${live.length})` : 'offline'}
      </span>
    </>
  );
}
