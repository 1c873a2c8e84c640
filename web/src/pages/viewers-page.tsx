import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { Link } from '../app/link.js';
import { usePageTitle } from '../app/page-title.js';
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
  usePageTitle(v ? (v.display ?? v.name) : 'Viewer');
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
          <h2 id="recent-sessions">Recent sessions</h2>
          <table className="table compact" aria-labelledby="recent-sessions">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Stream</th>
                <th scope="col">Messages</th>
                <th scope="col">Coins</th>
                <th scope="col">Likes</th>
              </tr>
            </thead>
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

type Sort = (typeof SORTS)[number];

/** The viewers found by `search`, in `sort` order. */
function ViewerList(props: {
  profile: string;
  search: string;
  onSearch: (search: string) => void;
  sort: Sort;
  onSort: (sort: Sort) => void;
  link: (p: string) => string;
}) {
  const { profile, search, sort, link } = props;
  usePageTitle('Viewers');
  const [debounced, setDebounced] = useState(search);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(t);
  }, [search]);
  const list = useApi(`${profile}/${debounced}/${sort}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/viewers', {
        params: { path: { profile }, query: { search: debounced || undefined, sort, limit: 100 } },
        signal,
      }),
    ),
  );
  return (
    <section className="panel">
      <h1>Viewers</h1>
      <div className="form-row">
        <label>
          Search
          <input
            data-testid="viewer-search"
            value={search}
            onChange={(e) => props.onSearch(e.target.value)}
            placeholder="name"
          />
        </label>
        <label>
          Sort
          <select value={sort} onChange={(e) => props.onSort(e.target.value as Sort)}>
            {SORTS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {list.data && <span className="muted small">{formatCount(list.data.total)} viewers</span>}
      </div>
      {list.error && <p className="error">{list.error}</p>}
      <table className="table compact" data-testid="viewers">
        <thead>
          <tr>
            <th scope="col">Viewer</th>
            <th scope="col">Level</th>
            <th scope="col">Coins</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
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

/** Viewers with search and sort, and one viewer's profile; the search stays while one is open. */
export default function ViewersPage(props: {
  profile: string;
  viewerId: string | null;
  link: (p: string) => string;
}) {
  const { profile, viewerId, link } = props;
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('last_seen');
  if (viewerId) return <ViewerDetail profile={profile} viewerId={viewerId} link={link} />;
  return (
    <ViewerList
      profile={profile}
      search={search}
      onSearch={setSearch}
      sort={sort}
      onSort={setSort}
      link={link}
    />
  );
}
