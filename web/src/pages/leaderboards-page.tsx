import { useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { usePageTitle } from '../app/page-title.js';
import { withProfile } from '../app/router.js';
import { useApi } from '../app/use-api.js';
import {
  LEADERBOARD_METRICS,
  LeaderboardTable,
  type LeaderboardMetric,
} from '../components/leaderboard-table.js';

const PERIODS = ['today', 'week', 'month', 'last7d', 'last30d', 'all'] as const;

/** Top viewers by a metric over a period (in the profile's time zone). */
export default function LeaderboardsPage({ profile }: { profile: string }) {
  usePageTitle('Leaderboards');
  const [metric, setMetric] = useState<LeaderboardMetric>('coins');
  // A rolling week: on a Monday morning the calendar week holds next to nothing yet.
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('last7d');
  const board = useApi(`${profile}/${metric}/${period}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/leaderboards', {
        params: { path: { profile }, query: { metric, period, limit: 50 } },
        signal,
      }),
    ),
  );
  return (
    <section className="panel">
      <h1>Leaderboards</h1>
      <div className="form-row">
        <label>
          Metric
          <select
            data-testid="metric"
            value={metric}
            onChange={(e) => setMetric(e.target.value as LeaderboardMetric)}
          >
            {LEADERBOARD_METRICS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Period
          <select
            data-testid="period"
            value={period}
            onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}
          >
            {PERIODS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        {board.data && <span className="muted small">time zone {board.data.period.timezone}</span>}
      </div>
      {board.error && <p className="error">{board.error}</p>}
      {board.data && (
        <LeaderboardTable
          board={board.data}
          viewerLink={(id) => withProfile(`/viewers/${encodeURIComponent(id)}`, profile)}
        />
      )}
    </section>
  );
}
