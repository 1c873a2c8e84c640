import { useMemo } from 'react';
import { api, unwrap } from '../api/client.js';
import type { Session } from '../api/openapi.gen.js';
import { usePageTitle } from '../app/page-title.js';
import { useApi } from '../app/use-api.js';
import { formatCount } from '../components/format.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Average viewers by weekday and hour of the session's start, in the browser's time zone, built
 * from the sessions list (each session weighted by its length).
 */
export function buildHeatmap(sessions: Session[]): { cells: (number | null)[][]; max: number } {
  const sum = DAYS.map(() => new Array<number>(24).fill(0));
  const weight = DAYS.map(() => new Array<number>(24).fill(0));
  for (const s of sessions) {
    if (s.avg_viewers == null) continue;
    // Spread the session over the hours it covered, from the start of its first hour (a session
    // from 10:50 to 11:10 covers 10 and 11).
    const first = new Date(s.started_at);
    first.setMinutes(0, 0, 0);
    for (let t = first.getTime(); t < s.started_at + Math.max(s.duration_ms, 1); t += 3600_000) {
      const at = new Date(t);
      const day = (at.getDay() + 6) % 7;
      sum[day]![at.getHours()]! += s.avg_viewers;
      weight[day]![at.getHours()]! += 1;
    }
  }
  let max = 0;
  const cells = sum.map((row, d) =>
    row.map((total, h) => {
      const n = weight[d]![h]!;
      if (n === 0) return null;
      max = Math.max(max, total / n);
      return total / n;
    }),
  );
  return { cells, max };
}

/** When the audience is there: average viewers by weekday and hour. */
export default function HeatmapPage({ profile }: { profile: string }) {
  usePageTitle('Peak times');
  const sessions = useApi(profile, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/sessions', {
        params: { path: { profile }, query: { limit: 500 } },
        signal,
      }),
    ),
  );
  const map = useMemo(() => buildHeatmap(sessions.data?.sessions ?? []), [sessions.data]);
  return (
    <section className="panel">
      <h1>Peak times</h1>
      <p className="muted small">
        Average viewers by weekday and hour (your time zone), from the last{' '}
        {sessions.data?.sessions.length ?? 0} sessions.
      </p>
      {sessions.error && <p className="error">{sessions.error}</p>}
      <table className="heatmap" data-testid="heatmap">
        <thead>
          <tr>
            <td />
            {Array.from({ length: 24 }, (_, h) => (
              <th scope="col" key={h} className="small muted">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.cells.map((row, d) => (
            <tr key={DAYS[d]}>
              <th scope="row" className="small muted">
                {DAYS[d]}
              </th>
              {row.map((v, h) => (
                <td
                  key={h}
                  title={v == null ? 'no sessions' : `${formatCount(v)} viewers on average`}
                  style={{
                    background:
                      v == null ? 'transparent' : `rgba(79,140,255,${0.15 + (0.85 * v) / (map.max || 1)})`,
                  }}
                >
                  {v == null ? '' : formatCount(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
