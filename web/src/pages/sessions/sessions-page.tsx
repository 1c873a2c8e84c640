import { api, unwrap } from '../../api/client.js';
import { Link } from '../../app/link.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { formatCount, formatDuration, formatTime } from '../../components/format.js';

/** Every session of the profile, newest first, each linking to its report. */
export default function SessionsPage({ profile, link }: { profile: string; link: (path: string) => string }) {
  usePageTitle('Sessions');
  const sessions = useApi(profile, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/sessions', {
        params: { path: { profile }, query: { limit: 200 } },
        signal,
      }),
    ),
  );
  return (
    <section className="panel">
      <h1>Sessions</h1>
      {sessions.error && <p className="error">{sessions.error}</p>}
      <table className="table" data-testid="sessions">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Stream</th>
            <th scope="col">Duration</th>
            <th scope="col">Peak</th>
            <th scope="col">Average</th>
            <th scope="col">Unique viewers</th>
            <th scope="col">Coins</th>
            <th scope="col">Followers</th>
          </tr>
        </thead>
        <tbody>
          {(sessions.data?.sessions ?? []).map((s) => (
            <tr key={s.id} data-session={s.id}>
              <td>
                <Link to={link(`/sessions/${s.id}`)}>{formatTime(s.started_at)}</Link>{' '}
                {s.is_live && <span className="badge ok">live</span>}
              </td>
              <td>{s.stream}</td>
              <td>{formatDuration(s.duration_ms)}</td>
              <td>{formatCount(s.peak_viewers)}</td>
              <td>{formatCount(s.avg_viewers)}</td>
              <td>{formatCount(s.unique_viewers)}</td>
              <td>{formatCount(s.coins)}</td>
              <td>{formatCount(s.followers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.data?.sessions.length === 0 && <p className="muted">No sessions yet.</p>}
    </section>
  );
}
