import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { ViralClips } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';
import { ClipCard } from '../../components/clip-card.js';
import { formatCount } from '../../components/format.js';
import { gameLabel } from './clip-game-label.js';
import { periodPhrase, type ClipPeriod } from './clip-period-choices.js';

/** Clips shown at most. */
const VIRAL_LIMIT = 12;

/** A whole number of views the API takes (0 for what is none). */
const readMinViews = (text: string): number =>
  Math.min(Math.max(0, Math.floor(Number(text)) || 0), Number.MAX_SAFE_INTEGER);

/** One clip: its thumbnail and title linking out to the clip, its maker, game, views and Discord figures. */
function ViralClipCard({ clip }: { clip: ViralClips['clips'][number] }) {
  return (
    <ClipCard clip={clip} testId="viral-clip">
      <span data-testid="viral-views">{formatCount(clip.view_count)}</span> views · by {clip.creator_name} ·{' '}
      {gameLabel(clip.game_name)}
      <br />
      {new Date(clip.created_at).toLocaleDateString()} · {formatCount(clip.discord_shares)} Discord shares ·{' '}
      {formatCount(clip.discord_reactions)} reactions
      {clip.reaction_types.length > 0 &&
        ` (${clip.reaction_types.map((r) => `${r.emoji} ${formatCount(r.count)}`).join(' ')})`}
    </ClipCard>
  );
}

/** The most viewed clips made in the period, with at least the views asked for. */
export function ViralClipsPanel({ profile, period }: { profile: string; period: ClipPeriod }) {
  const [minViews, setMinViews] = useState(0);
  const viral = useApi(`${profile}/${period}/${minViews}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/clips/analytics/viral-clips', {
        params: { path: { profile }, query: { period, limit: VIRAL_LIMIT, min_views: minViews } },
        signal,
      }),
    ),
  );
  const clips = viral.data?.clips ?? [];
  return (
    <section className="panel" aria-labelledby="viral-clips-heading">
      <div className="form-row">
        <h2 id="viral-clips-heading">Viral clips</h2>
        <label>
          At least this many views
          <input
            type="number"
            min={0}
            step={1}
            data-testid="min-views"
            value={minViews}
            onChange={(e) => setMinViews(readMinViews(e.target.value))}
          />
        </label>
      </div>
      {viral.error && <p className="error">{viral.error}</p>}
      {viral.data && clips.length === 0 && (
        <p className="muted" data-testid="viral-none">
          No clips made {periodPhrase(period)} with at least {formatCount(minViews)} views.
        </p>
      )}
      {clips.length > 0 && (
        <ul className="clip-list" data-testid="viral-clips">
          {clips.map((c) => (
            <ViralClipCard key={c.seq} clip={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
