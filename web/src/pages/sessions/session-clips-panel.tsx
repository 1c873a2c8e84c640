import type { SessionClip, SessionClipTriggers } from '../../api/openapi.gen.js';
import { ClipCard } from '../../components/clip-card.js';
import { formatClock, formatCount } from '../../components/format.js';

/** The match windows one may pick, in minutes. */
export const CLIP_WINDOWS = [2, 5, 10, 15, 30] as const;

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** How the replayed triggers matched the clips: four tiles and a sentence on how they are counted. */
function TriggerFigures({ figures }: { figures: SessionClipTriggers }) {
  const tiles = [
    { label: 'Triggers fired', value: formatCount(figures.triggers) },
    {
      label: `Followed by a clip (precision)`,
      value: `${formatCount(figures.triggers_followed_by_clip)} · ${percent(figures.precision)}`,
    },
    { label: 'Clips', value: formatCount(figures.clips) },
    {
      label: 'Clips after a trigger (recall)',
      value: `${formatCount(figures.clips_preceded_by_trigger)} · ${percent(figures.recall)}`,
    },
  ];
  return (
    <div className="tiles" data-testid="clip-trigger-figures">
      {tiles.map((t) => (
        <div className="tile" key={t.label}>
          <div className="tile-value">{t.value}</div>
          <div className="tile-label">{t.label}</div>
        </div>
      ))}
    </div>
  );
}

/** One clip: its thumbnail (from Twitch's image hosts only) and title linking out, its maker, views and moment. */
function SessionClipCard({ clip }: { clip: SessionClip }) {
  return (
    <ClipCard clip={clip} testId="session-clip">
      at {formatClock(clip.moment)} · by {clip.creator_name} · {formatCount(clip.view_count)} views
    </ClipCard>
  );
}

interface Props {
  clips: SessionClip[];
  figures: SessionClipTriggers;
  windowMinutes: number;
  onWindowChange: (minutes: number) => void;
}

/**
 * The session's clips and how the spike triggers foretold them: what a streamer tunes the
 * trigger settings that start their own clip recorder by.
 */
export function SessionClipsPanel({ clips, figures, windowMinutes, onWindowChange }: Props) {
  return (
    <section className="panel" data-testid="session-clips-panel">
      <div className="form-row">
        <h2>Clips</h2>
        <label>
          A clip counts within
          <select
            data-testid="clip-window"
            value={windowMinutes}
            onChange={(e) => onWindowChange(Number(e.target.value))}
          >
            {CLIP_WINDOWS.map((m) => (
              <option key={m} value={m}>
                {m} min
              </option>
            ))}
          </select>
        </label>
      </div>
      <TriggerFigures figures={figures} />
      <p className="muted small">
        The spike triggers, replayed minute by minute over this session with the profile&apos;s trigger
        settings: a trigger is followed by a clip, and a clip comes after a trigger, when the clip starts at
        most {figures.window_minutes} minutes after it.
      </p>
      {clips.length === 0 ? (
        <p className="muted">No clips of this session.</p>
      ) : (
        <ul className="clip-list" data-testid="session-clips">
          {clips.map((c) => (
            <SessionClipCard key={c.seq} clip={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
