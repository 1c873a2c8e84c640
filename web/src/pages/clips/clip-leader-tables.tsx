import type { TopClipCreators, TopClipGames } from '../../api/openapi.gen.js';
import { formatCount, formatDecimal } from '../../components/format.js';
import { gameLabel } from './clip-game-label.js';

/** The clippers with the most clips in the period: views, games clipped and their favourite, Discord figures. */
export function TopCreatorsTable({ creators }: { creators: TopClipCreators['creators'] }) {
  if (creators.length === 0) return <p className="muted">No clips in this period.</p>;
  return (
    <table className="table compact" data-testid="top-creators">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Creator</th>
          <th scope="col">Clips</th>
          <th scope="col">Views</th>
          <th scope="col">Avg views</th>
          <th scope="col">Games</th>
          <th scope="col">Top game</th>
          <th scope="col">Discord shares · reactions</th>
        </tr>
      </thead>
      <tbody>
        {creators.map((c, i) => (
          <tr key={`${c.creator_platform}:${c.creator_id}:${c.creator_name}`}>
            <td>{i + 1}</td>
            <th scope="row">
              {c.creator_name} <span className="muted small">{c.creator_platform}</span>
            </th>
            <td data-testid="creator-clips">{formatCount(c.clip_count)}</td>
            <td>{formatCount(c.total_views)}</td>
            <td>{formatDecimal(c.avg_views)}</td>
            <td>{formatCount(c.unique_games)}</td>
            <td>{gameLabel(c.top_game)}</td>
            <td>
              {formatCount(c.discord_shares)} · {formatCount(c.discord_reactions)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The games with the most clips in the period, each with its most viewed clip linking out. */
export function TopGamesTable({ games }: { games: TopClipGames['games'] }) {
  if (games.length === 0) return <p className="muted">No clips in this period.</p>;
  return (
    <table className="table compact" data-testid="top-games">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Game</th>
          <th scope="col">Clips</th>
          <th scope="col">Views</th>
          <th scope="col">Avg views</th>
          <th scope="col">Creators</th>
          <th scope="col">Top clip</th>
          <th scope="col">Discord shares · reactions</th>
        </tr>
      </thead>
      <tbody>
        {games.map((g, i) => (
          <tr key={`${g.game_id ?? ''}:${g.game_name}`}>
            <td>{i + 1}</td>
            <th scope="row">{gameLabel(g.game_name)}</th>
            <td data-testid="game-clips">{formatCount(g.clip_count)}</td>
            <td>{formatCount(g.total_views)}</td>
            <td>{formatDecimal(g.avg_views)}</td>
            <td>{formatCount(g.unique_creators)}</td>
            <td>
              {g.top_clip ? (
                <>
                  <a href={g.top_clip.url} target="_blank" rel="noopener noreferrer" data-testid="top-clip">
                    {g.top_clip.title.trim() || 'Untitled clip'}
                  </a>{' '}
                  <span className="muted small">{formatCount(g.top_clip_views)} views</span>
                </>
              ) : (
                '—'
              )}
            </td>
            <td>
              {formatCount(g.discord_shares)} · {formatCount(g.discord_reactions)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
