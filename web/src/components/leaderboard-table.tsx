import type { Leaderboard } from '../api/openapi.gen.js';
import { Link } from '../app/link.js';
import { formatCount, formatTime } from './format.js';

export const LEADERBOARD_METRICS = ['coins', 'gifts', 'messages', 'likes', 'shares'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

/** Ranked viewers with their gifts. */
export function LeaderboardTable({
  board,
  viewerLink,
}: {
  board: Leaderboard;
  viewerLink?: (id: string) => string;
}) {
  if (board.entries.length === 0) return <p className="muted">Nobody yet in this period.</p>;
  return (
    <table className="table compact" data-testid="leaderboard">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Viewer</th>
          <th scope="col">{board.metric}</th>
          <th scope="col">Gifts</th>
          <th scope="col">Biggest gift</th>
          <th scope="col">Last active</th>
        </tr>
      </thead>
      <tbody>
        {board.entries.map((e) => (
          <tr key={e.viewer.id}>
            <td>{e.rank}</td>
            <td>
              {viewerLink ? (
                <Link to={viewerLink(e.viewer.id)}>{e.viewer.display ?? e.viewer.name}</Link>
              ) : (
                (e.viewer.display ?? e.viewer.name)
              )}{' '}
              <span className="muted small">@{e.viewer.name}</span>
            </td>
            <td>{formatCount(e.total)}</td>
            <td className="small">
              {e.gift_types.map((g) => `${g.count}× ${g.gift_name}`).join(', ') || '—'}
            </td>
            <td className="small">
              {e.biggest_gift ? `${e.biggest_gift.gift_name} (${formatCount(e.biggest_gift.coins)})` : '—'}
            </td>
            <td className="small">{formatTime(e.last_activity)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
