import { useSyncExternalStore } from 'react';
import type uPlot from 'uplot';
import { Link } from '../../app/link.js';
import { withProfile } from '../../app/router.js';
import { useHasRole } from '../../app/use-role.js';
import { formatTime } from '../../components/format.js';
import { TimeChart } from '../../components/time-chart.js';
import { ObsLinkState } from '../obs/obs-link-state.js';
import { countAxis, countScale, timeAxis } from './live-axes.js';
import { obsHealthFigures } from './obs-health-figures.js';
import { ObsHealthTiles } from './obs-health-tiles.js';
import { OBS_CHART_WINDOW_MS, type ObsLiveFeed } from './obs-live-feed.js';

const BITRATE_SERIES: uPlot.Series[] = [
  { label: 'Bitrate (kbps)', stroke: '#2ec4b6', width: 2, fill: 'rgba(46,196,182,0.12)' },
];
const BITRATE_AXES: uPlot.Axis[] = [timeAxis(), countAxis('y', 'kbps')];
const BITRATE_SCALES: uPlot.Scales = { y: countScale() };

/**
 * OBS on the live page: the link's state and OBS's outputs, and while OBS streams its health
 * (bitrate, frame rate, dropped and skipped frames, CPU, memory) with the bitrate of the last
 * 30 minutes. One quiet line when no link is set up; nothing until the link is read.
 */
export function ObsHealthPanel({ profile, feed }: { profile: string; feed: ObsLiveFeed }) {
  const view = useSyncExternalStore(feed.subscribe, feed.getView);
  const canEdit = useHasRole(profile, 'editor');
  if (!view.link) return null;
  const { status, settings } = view.link;
  if (status.state === 'stopped') {
    return (
      <p className="muted small" data-testid="obs-health-panel" data-state="stopped">
        OBS not set up
        {canEdit && (
          <>
            {' — '}
            <Link to={withProfile('/settings', profile)}>Settings › OBS</Link>
          </>
        )}
      </p>
    );
  }
  const isConnected = status.state === 'connected';
  const figures = isConnected && status.streaming ? obsHealthFigures(view.samples, settings.health) : null;
  return (
    <section
      className="panel"
      aria-labelledby="obs-health-heading"
      data-testid="obs-health-panel"
      data-state={status.state}
    >
      <h2 id="obs-health-heading">OBS</h2>
      <ObsLinkState status={status} address={settings.address} />
      {figures && (
        <>
          <ObsHealthTiles figures={figures} health={settings.health} />
          <p className="muted small" data-testid="obs-health-read-at">
            Read at {formatTime(figures.at, false)}
          </p>
        </>
      )}
      {isConnected && !figures && (
        <p className="muted small">
          {status.streaming
            ? 'Waiting for the first health reading…'
            : 'Stream health shows while OBS streams.'}
        </p>
      )}
      {view.hasBitrate && (
        <TimeChart
          series={BITRATE_SERIES}
          axes={BITRATE_AXES}
          scales={BITRATE_SCALES}
          source={feed}
          height={140}
          windowMs={OBS_CHART_WINDOW_MS}
          testId="obs-bitrate-chart"
        />
      )}
    </section>
  );
}
