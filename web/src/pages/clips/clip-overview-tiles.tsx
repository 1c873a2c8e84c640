import type { ClipOverview } from '../../api/openapi.gen.js';
import { formatCount } from '../../components/format.js';
import { gameLabel } from './clip-game-label.js';

/** "2026-11-02 – 2026-12-07", one date when both are the same, a dash when there are no clips. */
function dateRange({ start, end }: ClipOverview['date_range']): string {
  if (start === null || end === null) return '—';
  return start === end ? start : `${start} – ${end}`;
}

/** "Just Chatting · 12 clips", a dash for none. */
function leader(top: ClipOverview['top_game'], name: (n: string) => string = (n) => n): string {
  if (top === null) return '—';
  return `${name(top.name)} · ${formatCount(top.clip_count)} ${top.clip_count === 1 ? 'clip' : 'clips'}`;
}

/** The period's totals as tiles: clips, views, creators, games, Discord figures, leaders and dates. */
export function ClipOverviewTiles({ overview }: { overview: ClipOverview }) {
  const tiles = [
    { key: 'clips', label: 'Clips', value: formatCount(overview.total_clips) },
    { key: 'views', label: 'Views', value: formatCount(overview.total_views) },
    { key: 'creators', label: 'Creators', value: formatCount(overview.unique_creators) },
    { key: 'games', label: 'Games', value: formatCount(overview.unique_games) },
    { key: 'shares', label: 'Discord shares', value: formatCount(overview.discord_shares) },
    { key: 'reactions', label: 'Discord reactions', value: formatCount(overview.discord_reactions) },
  ];
  const wide = [
    { key: 'top-game', label: 'Top game', value: leader(overview.top_game, gameLabel) },
    { key: 'top-creator', label: 'Top creator', value: leader(overview.top_creator) },
    { key: 'date-range', label: 'Clips made', value: dateRange(overview.date_range) },
  ];
  return (
    <>
      <div className="tiles" data-testid="clip-overview">
        {tiles.map((t) => (
          <div className="tile" key={t.key} data-testid={`clip-tile-${t.key}`}>
            <div className="tile-value">{t.value}</div>
            <div className="tile-label">{t.label}</div>
          </div>
        ))}
      </div>
      <div className="tiles wide-tiles">
        {wide.map((t) => (
          <div className="tile" key={t.key} data-testid={`clip-tile-${t.key}`}>
            <div className="tile-text">{t.value}</div>
            <div className="tile-label">{t.label}</div>
          </div>
        ))}
      </div>
    </>
  );
}
