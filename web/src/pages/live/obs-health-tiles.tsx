import { formatCount, formatDecimal } from '../../components/format.js';
import type { ObsLinkSettings } from '../obs/obs-types.js';
import type { ObsHealthFigures } from './obs-health-figures.js';

interface Tile {
  key: string;
  label: string;
  value: string;
  title: string;
  /** Why the figure stands out (it crossed an alert threshold), or null. */
  alert: string | null;
}

function tilesOf(f: ObsHealthFigures, health: ObsLinkSettings['health']): Tile[] {
  const recent = `last ${f.windowSeconds} s`;
  return [
    {
      key: 'bitrate',
      label: 'Bitrate',
      value: f.bitrateKbps === null ? '—' : `${formatCount(f.bitrateKbps)} kbps`,
      title: 'Kilobits per second the stream output sent since the reading before',
      alert: f.isBitrateLow
        ? `${recent}: ${formatCount(f.windowBitrateKbps)} kbps, below ${formatCount(health.min_bitrate_kbps)}`
        : null,
    },
    {
      key: 'fps',
      label: 'Frame rate',
      value: `${formatDecimal(f.fps)} fps`,
      title: 'Frames per second OBS renders',
      alert: null,
    },
    {
      key: 'dropped',
      label: `Dropped frames (${recent}: ${formatCount(f.droppedFrames)} of ${formatCount(f.outputFrames)})`,
      value: f.droppedPercent === null ? '—' : `${formatDecimal(f.droppedPercent)}%`,
      title:
        'Frames the stream output dropped (network), as a share of those it handled, over the alert window',
      alert: f.isDroppingFrames ? `over ${formatDecimal(health.dropped_frames_percent)}%` : null,
    },
    {
      key: 'encode_skipped',
      label: `Encoding skips (${recent})`,
      value: formatCount(f.encodeSkipped),
      title: 'Frames skipped because the encoder could not keep up',
      alert: null,
    },
    {
      key: 'render_skipped',
      label: `Rendering skips (${recent})`,
      value: formatCount(f.renderSkipped),
      title: 'Frames missed because rendering could not keep up',
      alert: null,
    },
    {
      key: 'cpu',
      label: 'OBS CPU',
      value: `${formatDecimal(f.cpuPercent)}%`,
      title: "OBS's own CPU use",
      alert: null,
    },
    {
      key: 'memory',
      label: 'OBS memory',
      value: `${formatCount(f.memoryMb)} MB`,
      title: "OBS's own memory use",
      alert: null,
    },
  ];
}

/** OBS's stream health as tiles; a figure past its alert threshold stands out and says which. */
export function ObsHealthTiles(props: { figures: ObsHealthFigures; health: ObsLinkSettings['health'] }) {
  return (
    <div className="tiles" data-testid="obs-health-tiles">
      {tilesOf(props.figures, props.health).map((t) => (
        <div className="tile" key={t.key} data-metric={t.key} data-alert={t.alert !== null} title={t.title}>
          <div className={t.alert ? 'tile-value error' : 'tile-value'}>{t.value}</div>
          <div className="tile-label">{t.label}</div>
          {t.alert && (
            <span className="badge state-error" data-testid="obs-health-alert">
              {t.alert}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
