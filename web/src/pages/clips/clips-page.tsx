import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { Link } from '../../app/link.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { useHasRole } from '../../app/use-role.js';
import { ClipOverviewTiles } from './clip-overview-tiles.js';
import { TopCreatorsTable, TopGamesTable } from './clip-leader-tables.js';
import { ClipPeakTimesPanel } from './clip-peak-times-panel.js';
import { CLIP_PERIOD_CHOICES, type ClipPeriod } from './clip-period-choices.js';
import { ClipTimelinePanel } from './clip-timeline-panel.js';
import { ViralClipsPanel } from './viral-clips-panel.js';

/** Rows of the top creators and games tables. */
const LEADERS = 10;

/** What a profile without clips shows: the three ways clips arrive. */
function NoClips({ profile, link }: { profile: string; link: (path: string) => string }) {
  const canEdit = useHasRole(profile, 'editor');
  return (
    <section className="panel" data-testid="clips-empty">
      <h2>No clips yet</h2>
      <p>Clips reach this profile three ways:</p>
      <ul>
        <li>
          Pushed by your own tools (a clipper bot, a script) to{' '}
          <code>POST /api/profiles/{profile}/clips</code> with an ingest key, in the Twitch Get Clips shape.
        </li>
        <li>
          Read from Twitch for the profile&apos;s connected Twitch streams, when the server has Twitch
          credentials (<code>STREAMPULSE_TWITCH_CLIENT_ID</code> and <code>STREAMPULSE_TWITCH_TOKEN</code>).
        </li>
        <li>
          Shared as links in Discord, read with their reactions by the profile&apos;s Discord bot
          {canEdit ? (
            <>
              {' '}
              (<Link to={link('/settings')}>Settings, Clip sources</Link>).
            </>
          ) : (
            ', which an editor sets up in the settings.'
          )}
        </li>
      </ul>
    </section>
  );
}

/** The period's totals of a profile (all time unless `period` names another). */
function useOverview(profile: string, period: ClipPeriod | null) {
  return useApi(period === null ? null : `${profile}/${period}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/clips/analytics/overview', {
        params: { path: { profile }, query: { period: period ?? 'all_time' } },
        signal,
      }),
    ),
  );
}

/** Clip analytics: the period's totals, top creators and games, viral clips, engagement over time and peak times. */
export default function ClipsPage({ profile, link }: { profile: string; link: (path: string) => string }) {
  usePageTitle('Clips');
  const [period, setPeriod] = useState<ClipPeriod>('all_time');
  // All time says whether there are clips at all; another period is read besides it.
  const allTime = useOverview(profile, 'all_time');
  const picked = useOverview(profile, period === 'all_time' ? null : period);
  const overview = period === 'all_time' ? allTime : picked;
  const creators = useApi(`${profile}/${period}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/clips/analytics/top-creators', {
        params: { path: { profile }, query: { period, limit: LEADERS } },
        signal,
      }),
    ),
  );
  const games = useApi(`${profile}/${period}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/clips/analytics/top-games', {
        params: { path: { profile }, query: { period, limit: LEADERS } },
        signal,
      }),
    ),
  );
  const hasNoClips = allTime.data?.total_clips === 0;
  return (
    <div>
      <h1>Clips</h1>
      {!hasNoClips && (
        <div className="form-row">
          <label>
            Period
            <select
              data-testid="clip-period"
              value={period}
              onChange={(e) => setPeriod(e.target.value as ClipPeriod)}
            >
              {CLIP_PERIOD_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <span className="muted small">
            for the overview, the top creators and games and the viral clips (days, weeks and months in the
            profile&apos;s time zone)
          </span>
        </div>
      )}
      {allTime.error && <p className="error">{allTime.error}</p>}
      {allTime.data === null && !allTime.error && <p className="muted">Loading…</p>}
      {hasNoClips && <NoClips profile={profile} link={link} />}
      {allTime.data !== null && !hasNoClips && (
        <>
          <section className="panel" aria-labelledby="clip-overview-heading">
            <h2 id="clip-overview-heading">Overview</h2>
            {overview.error && <p className="error">{overview.error}</p>}
            {overview.data && <ClipOverviewTiles overview={overview.data} />}
          </section>
          <section className="panel" aria-labelledby="top-creators-heading">
            <h2 id="top-creators-heading">Top creators</h2>
            {creators.error && <p className="error">{creators.error}</p>}
            {creators.data && <TopCreatorsTable creators={creators.data.creators} />}
          </section>
          <section className="panel" aria-labelledby="top-games-heading">
            <h2 id="top-games-heading">Top games</h2>
            {games.error && <p className="error">{games.error}</p>}
            {games.data && <TopGamesTable games={games.data.games} />}
          </section>
          <ViralClipsPanel profile={profile} period={period} />
          <ClipTimelinePanel profile={profile} />
          <ClipPeakTimesPanel profile={profile} />
        </>
      )}
    </div>
  );
}
