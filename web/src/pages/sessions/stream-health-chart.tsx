import { useMemo } from 'react';
import uPlot from 'uplot';
import type { TimelineBucket } from '../../api/openapi.gen.js';
import { fitAxis } from '../../components/fit-axis.js';
import { TimeChart } from '../../components/time-chart.js';
import type { ObsHealthMinute } from '../obs/obs-types.js';
import { healthOnTimeline } from './obs-health-buckets.js';

// Each bucket's dropped frames are drawn across the bucket, as counts are on the timeline.
const perBucket = uPlot.paths.stepped?.({ align: 1 });
const SERIES: uPlot.Series[] = [
  { label: 'Bitrate (kbps, avg)', stroke: '#2ec4b6', width: 2, fill: 'rgba(46,196,182,0.12)' },
  {
    label: 'Dropped frames / min',
    stroke: '#e71d36',
    fill: 'rgba(231,29,54,0.3)',
    scale: 'dropped',
    paths: perBucket,
  },
];
/** As wide as the viewers chart's axis at the least, and unlabelled like it (the legend names the unit), so the plots line up. */
const fitValues = fitAxis(50);
const AXES: uPlot.Axis[] = [
  {},
  { size: fitValues },
  { scale: 'dropped', side: 1, label: 'dropped / min', grid: { show: false }, size: fitValues },
];
/** From 0: a bitrate that halves must look halved. */
const fromZero: uPlot.Scale = { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] };
const SCALES: uPlot.Scales = { y: fromZero, dropped: fromZero };

/**
 * OBS's stream health over the session on the timeline's time axis (same buckets, same cursor):
 * the bitrate and the frames dropped, so that a fall in viewers can be set against a bitrate that
 * collapsed.
 */
export function StreamHealthChart(props: {
  timeline: readonly TimelineBucket[];
  resolution: number;
  minutes: readonly ObsHealthMinute[];
}) {
  const { timeline, resolution, minutes } = props;
  const data = useMemo(
    () =>
      healthOnTimeline(
        timeline.map((b) => b.at),
        resolution,
        minutes,
      ),
    [timeline, resolution, minutes],
  );
  return (
    <div data-testid="stream-health">
      <h3>Stream health</h3>
      <p className="muted small">
        OBS&apos;s bitrate (the average of each {resolution === 1 ? 'minute' : `${resolution} minutes`}) and
        the frames its stream output dropped per minute.
      </p>
      <TimeChart
        series={SERIES}
        axes={AXES}
        scales={SCALES}
        data={data}
        height={140}
        syncKey="report"
        testId="report-obs-health"
      />
    </div>
  );
}
