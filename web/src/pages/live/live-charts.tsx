import uPlot from 'uplot';
import { TimeChart } from '../../components/time-chart.js';
import { countAxis, countScale, LIVE_WINDOW_MS, spacerAxis, timeAxis } from './live-axes.js';
import type { LiveSeries } from './live-series.js';

const VIEWERS_SERIES: uPlot.Series[] = [
  { label: 'Viewers', stroke: '#4f8cff', width: 2, fill: 'rgba(79,140,255,0.12)' },
];
// The spacer keeps the plot as wide as the activity chart's, so times line up across the two.
const VIEWERS_AXES: uPlot.Axis[] = [timeAxis(), countAxis('y', 'viewers'), spacerAxis('y')];
const VIEWERS_SCALES: uPlot.Scales = { y: countScale() };

// Each minute's count is drawn across its minute.
const perMinute = uPlot.paths.stepped?.({ align: 1 });
const ACTIVITY_SERIES: uPlot.Series[] = [
  { label: 'Messages', stroke: '#9b6bff', fill: 'rgba(155,107,255,0.35)', paths: perMinute },
  { label: 'Gifts', stroke: '#ff9f1c', fill: 'rgba(255,159,28,0.45)', paths: perMinute },
  { label: 'Follows', stroke: '#2ec4b6', fill: 'rgba(46,196,182,0.45)', paths: perMinute },
  { label: 'Shares', stroke: '#e71d36', fill: 'rgba(231,29,54,0.35)', paths: perMinute },
  { label: 'Likes', stroke: '#888', scale: 'likes', width: 1, paths: perMinute },
];
// Likes outnumber the rest by far: they have a scale, and an axis, of their own.
const ACTIVITY_AXES: uPlot.Axis[] = [
  timeAxis(),
  countAxis('y', 'per minute'),
  countAxis('likes', 'likes / min', 1),
];
const ACTIVITY_SCALES: uPlot.Scales = { y: countScale(), likes: countScale() };

/** Viewers, with the activity that happened under it on the same time axis: the last 10 minutes. */
export function LiveCharts({ series, error }: { series: LiveSeries; error: string | null }) {
  return (
    <section className="panel" aria-label="Viewers chart">
      <h2>Viewers and activity (last 10 minutes)</h2>
      {error && (
        <p className="muted small" role="status">
          The minutes before this page opened could not be read ({error}); the chart shows what arrives.
        </p>
      )}
      <TimeChart
        series={VIEWERS_SERIES}
        axes={VIEWERS_AXES}
        scales={VIEWERS_SCALES}
        source={series}
        height={220}
        syncKey="live"
        windowMs={LIVE_WINDOW_MS}
        testId="viewers-chart"
      />
      <TimeChart
        series={ACTIVITY_SERIES}
        axes={ACTIVITY_AXES}
        scales={ACTIVITY_SCALES}
        source={series.activitySource}
        height={160}
        syncKey="live"
        windowMs={LIVE_WINDOW_MS}
        testId="activity-chart"
      />
    </section>
  );
}
