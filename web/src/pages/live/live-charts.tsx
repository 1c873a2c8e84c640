import type uPlot from 'uplot';
import { TimeChart } from '../../components/time-chart.js';
import type { LiveSeries } from './live-series.js';

const VIEWERS_SERIES: uPlot.Series[] = [
  { label: 'Viewers', stroke: '#4f8cff', width: 2, fill: 'rgba(79,140,255,0.12)' },
];

const ACTIVITY_SERIES: uPlot.Series[] = [
  { label: 'Messages', stroke: '#9b6bff', fill: 'rgba(155,107,255,0.35)' },
  { label: 'Gifts', stroke: '#ff9f1c', fill: 'rgba(255,159,28,0.45)' },
  { label: 'Follows', stroke: '#2ec4b6', fill: 'rgba(46,196,182,0.45)' },
  { label: 'Shares', stroke: '#e71d36', fill: 'rgba(231,29,54,0.35)' },
  { label: 'Likes', stroke: '#888', scale: 'likes', width: 1 },
];

const ACTIVITY_AXES: uPlot.Axis[] = [
  {},
  { label: 'per s' },
  { scale: 'likes', side: 1, label: 'likes', grid: { show: false } },
];

/** Viewers, with the activity that happened under it on the same time axis. */
export function LiveCharts({ series }: { series: LiveSeries }) {
  return (
    <section className="panel" aria-label="Viewers chart">
      <h2>Viewers and activity (last 10 minutes)</h2>
      <TimeChart series={VIEWERS_SERIES} source={series} height={220} syncKey="live" testId="viewers-chart" />
      <TimeChart
        series={ACTIVITY_SERIES}
        axes={ACTIVITY_AXES}
        source={series.activitySource}
        height={140}
        syncKey="live"
        testId="activity-chart"
      />
    </section>
  );
}
