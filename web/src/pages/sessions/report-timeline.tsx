import { useCallback, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { SessionClip, SessionClipTriggers, TimelineBucket } from '../../api/openapi.gen.js';
import { fitAxis } from '../../components/fit-axis.js';
import { plotFrame, TimeChart, type PlotFrame } from '../../components/time-chart.js';
import { ClipMarkers, TriggerMarkers } from './clip-markers.js';

const VIEWER_SERIES: uPlot.Series[] = [
  { label: 'Viewers (avg)', stroke: '#4f8cff', width: 2, fill: 'rgba(79,140,255,0.12)' },
  { label: 'max', stroke: 'rgba(79,140,255,0.45)', dash: [4, 4] },
];
const ACTIVITY_SERIES: uPlot.Series[] = [
  { label: 'Messages', stroke: '#9b6bff', fill: 'rgba(155,107,255,0.35)' },
  { label: 'Gifts', stroke: '#ff9f1c', fill: 'rgba(255,159,28,0.45)' },
  { label: 'Follows', stroke: '#2ec4b6', fill: 'rgba(46,196,182,0.45)' },
  { label: 'Coins', stroke: '#e9c46a', scale: 'coins' },
];
const MIN_AXIS_SIZE = 50;

/** The least axis width: the time axis's first label (a date) needs it at the left. */
const fitValues = fitAxis(MIN_AXIS_SIZE);

const VIEWER_AXES: uPlot.Axis[] = [{}, { size: fitValues }];
const ACTIVITY_AXES: uPlot.Axis[] = [
  {},
  { size: fitValues },
  { scale: 'coins', side: 1, label: 'coins', grid: { show: false }, size: fitValues },
];

const sameFrame = (a: PlotFrame | null, b: PlotFrame | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.left === b.left &&
    a.top === b.top &&
    a.width === b.width &&
    a.height === b.height &&
    a.min === b.min &&
    a.max === b.max);

const NONE: never[] = [];

/**
 * The session's viewers, with its clips and replayed spike triggers marked on them, and its
 * activity under them on the same time axis.
 */
export function ReportTimeline({
  timeline,
  clips = NONE,
  fired = NONE,
}: {
  timeline: TimelineBucket[];
  clips?: SessionClip[];
  fired?: SessionClipTriggers['fired'];
}) {
  const [frame, setFrame] = useState<PlotFrame | null>(null);
  // Kept only when it moved: a state change per draw would draw again without end.
  const follow = useCallback((u: uPlot) => {
    const next = plotFrame(u);
    setFrame((current) => (sameFrame(current, next) ? current : next));
  }, []);
  const viewers = useMemo<uPlot.AlignedData>(
    () => [
      timeline.map((b) => b.at / 1000),
      timeline.map((b) => b.viewers.avg),
      timeline.map((b) => b.viewers.max),
    ],
    [timeline],
  );
  const activity = useMemo<uPlot.AlignedData>(
    () => [
      timeline.map((b) => b.at / 1000),
      timeline.map((b) => b.comments),
      timeline.map((b) => b.gifts),
      timeline.map((b) => b.followers),
      timeline.map((b) => b.coins),
    ],
    [timeline],
  );
  return (
    <>
      <TimeChart
        series={VIEWER_SERIES}
        axes={VIEWER_AXES}
        data={viewers}
        height={220}
        syncKey="report"
        testId="report-viewers"
        onDraw={follow}
      >
        <TriggerMarkers fired={fired} frame={frame} />
        <ClipMarkers clips={clips} frame={frame} />
      </TimeChart>
      <TimeChart
        series={ACTIVITY_SERIES}
        axes={ACTIVITY_AXES}
        data={activity}
        height={140}
        syncKey="report"
        testId="report-activity"
      />
    </>
  );
}
