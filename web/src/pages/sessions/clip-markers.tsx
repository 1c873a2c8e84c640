import type { SessionClip, SessionClipTriggers } from '../../api/openapi.gen.js';
import { formatClock, formatCount } from '../../components/format.js';
import type { PlotFrame } from '../../components/time-chart.js';

/** How a clip is named to a reader: its title, who made it and its views. */
export function describeClip(clip: SessionClip): string {
  const title = clip.title.trim() || 'Untitled clip';
  return `${title} — by ${clip.creator_name}, ${formatCount(clip.view_count)} views`;
}

/**
 * The session's clips as markers over a chart's plot, at their moments: hovering or focusing one
 * shows its title, maker and views; following it opens the clip (in a new tab).
 */
export function ClipMarkers({ clips, frame }: { clips: SessionClip[]; frame: PlotFrame | null }) {
  if (!frame) return null;
  return (
    <>
      {clips.map((clip) => {
        const x = across(frame, clip.moment);
        if (x < 0 || x > 1) return null;
        return (
          <a
            key={clip.seq}
            className="clip-marker"
            href={clip.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Clip at ${formatClock(clip.moment)}: ${describeClip(clip)}`}
            data-testid="clip-marker"
            data-moment={clip.moment}
            style={{ left: frame.left + x * frame.width, top: frame.top, height: frame.height }}
          >
            <span className="clip-marker-tip" role="tooltip">
              <strong>{clip.title.trim() || 'Untitled clip'}</strong>
              <span className="muted">
                {' '}
                {formatClock(clip.moment)} · by {clip.creator_name} · {formatCount(clip.view_count)} views
              </span>
            </span>
          </a>
        );
      })}
    </>
  );
}

/** Where a time (epoch ms) falls across a plot, from 0 at its left to 1 at its right. */
const across = (frame: PlotFrame, at: number) => (at / 1000 - frame.min) / (frame.max - frame.min);

const SIGNAL_NAMES: Record<SessionClipTriggers['fired'][number]['signal'], string> = {
  viewers: 'viewers',
  chat_velocity: 'chat',
  gift_value: 'gifts',
};

/** The replayed spike triggers as small marks along the bottom of a chart's plot. */
export function TriggerMarkers({
  fired,
  frame,
}: {
  fired: SessionClipTriggers['fired'];
  frame: PlotFrame | null;
}) {
  if (!frame) return null;
  return (
    <>
      {fired.map((t) => {
        const x = across(frame, t.at);
        if (x < 0 || x > 1) return null;
        const label = `${SIGNAL_NAMES[t.signal]} spike trigger at ${formatClock(t.at)}`;
        return (
          <span
            key={`${t.signal}-${t.at}`}
            className="trigger-marker"
            title={label}
            data-testid="trigger-marker"
            style={{ left: frame.left + x * frame.width, top: frame.top + frame.height }}
          />
        );
      })}
    </>
  );
}
