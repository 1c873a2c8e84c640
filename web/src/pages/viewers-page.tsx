import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { Link } from '../app/link.js';
import { useApi } from '../app/use-api.js';
import { formatCount, formatTime } from '../components/format.js';

const SORTS = [
  'last_seen',
  'coins',
  'comments',
  'likes',
  'gifts',
  'followers',
  'shares',
  'events',
  'first_seen',
] as const;

const TOTALS = [
  'comments',
  'likes',
  'gifts',
  'coins',
  'followers',
  'shares',
  'joins',
  'subscriptions',
  'bits',
  'raids',
] as const;

function ViewerDetail({
  profile,
  viewerId,
  link,
}: {
  profile: string;
  viewerId: string;
  link: (p: string) => string;
}) {
  const viewer = useApi(`${profile}/${viewerId}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/viewers/{id}', {
        params: { path: { profile, id: viewerId } },
        signal,
      }),
    ),
  );
  const v = viewer.data;
  return (
    <section className="panel" data-testid="viewer-detail">
      <p>
        <Link to={link('/viewers')}>← Viewers</Link>
      </p>
      {viewer.error && <p className="error">{viewer.error}</p>}
      {v && (
        <>
          <h1>
            {v.display ?? v.name} <span className="muted small">@{v.name}</span>
          </h1>
          <p>
            Level {v.level} ({formatCount(v.xp)} XP; next level at {formatCount(v.next_level_xp)}). Seen in{' '}
            {formatCount(v.sessions)} {v.sessions === 1 ? 'session' : 'sessions'}, first{' '}
            {formatTime(v.first_seen)}, last {formatTime(v.last_seen)}.
          </p>
          <div className="tiles">
            {TOTALS.map((k) => (
              <div className="tile" key={k}>
                <div className="tile-value">{formatCount(v[k])}</div>
                <div className="tile-label">{k}</div>
              </div>
            ))}
          </div>
          <h2>Recent sessions</h2>
          <table className="table compact">
            <tbody>
              {v.recent_sessions.map((s) => (
                <tr key={s.session_id}>
                  <td>
                    <Link to={link(`/sessions/${s.session_id}`)}>
                      {formatTime(s.started_at ?? s.first_seen)}
                    </Link>
                  </td>
                  <td>{s.stream ?? '—'}</td>
                  <td>
                    {formatCount(s.comments)} {s.comments === 1 ? 'message' : 'messages'}
                  </td>
                  <td>{formatCount(s.coins)} coins</td>
                  <td>{formatCount(s.likes)} likes</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Viewers with search and sort, and one viewer's profile. */
export default function ViewersPage(props: {
  profile: string;
  viewerId: string | null;
  link: (p: string) => string;
}) {
  const { profile, viewerId, link } = props;
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [sort, setSort] = useState<(typeof SORTS)[number]>('last_seen');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(t);
  }, [search]);
  const list = useApi(viewerId ? null : `${profile}/${debounced}/${sort}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/viewers', {
        params: { path: { profile }, query: { search: debounced || undefined, sort, limit: 100 } },
        signal,
      }),
    ),
  );
  if (viewerId) return <ViewerDetail profile={profile} viewerId={viewerId} link={link} />;
  return (
    <section className="panel">
      <h1>Viewers</h1>
      <div className="form-row">
        <label>
          Search
          <input
            data-testid="viewer-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="name"
          />
        </label>
        <label>
          Sort
          <select value={sort} onChange={(e) => setSort(e.target.value as (typeof SORTS)[number])}>
            {SORTS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {list.data && <span className="muted small">{formatCount(list.data.total)} viewers</span>}
      </div>
      {list.error && <p className="error">{list.error}</p>}
      <table className="table compact" data-testid="viewers">
        <tbody>
          {(list.data?.viewers ?? []).map((v) => (
            <tr key={v.user_id}>
              <td>
                <Link to={link(`/viewers/${encodeURIComponent(v.user_id)}`)}>{v.display ?? v.name}</Link>{' '}
                <span className="muted small">@{v.name}</span>
              </td>
              <td>level {v.level}</td>
              <td>{formatCount(v.coins)} coins</td>
              <td className="small">last seen {formatTime(v.last_seen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
