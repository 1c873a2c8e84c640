import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { api, unwrap } from '../../api/client.js';
import type { ClipTimeline } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';
import { fitAxis } from '../../components/fit-axis.js';
import { TimeChart } from '../../components/time-chart.js';

type Step = ClipTimeline['period'];

/** Per step, how far back one may look (days) and how the choice reads. */
const LOOKBACKS: Record<Step, readonly { days: number; label: string }[]> = {
  day: [
    { days: 7, label: 'the last 7 days' },
    { days: 30, label: 'the last 30 days' },
    { days: 90, label: 'the last 90 days' },
  ],
  week: [
    { days: 84, label: 'the last 12 weeks' },
    { days: 182, label: 'the last 26 weeks' },
    { days: 364, label: 'the last 52 weeks' },
  ],
  month: [
    { days: 183, label: 'the last 6 months' },
    { days: 365, label: 'the last 12 months' },
    { days: 730, label: 'the last 24 months' },
  ],
};
const STEPS: readonly { value: Step; label: string }[] = [
  { value: 'day', label: 'day' },
  { value: 'week', label: 'week' },
  { value: 'month', label: 'month' },
];

const fitValues = fitAxis(50);
const SERIES: uPlot.Series[] = [
  { label: 'Clips', stroke: '#4f8cff', width: 2, fill: 'rgba(79,140,255,0.12)', points: { show: true } },
  { label: 'Discord shares', stroke: '#2ec4b6', points: { show: true } },
  { label: 'Discord reactions', stroke: '#e9c46a', points: { show: true } },
  { label: 'Views', stroke: '#9b6bff', scale: 'views', dash: [4, 4], points: { show: true } },
];
const AXES: uPlot.Axis[] = [
  {},
  { size: fitValues },
  { scale: 'views', side: 1, label: 'views', grid: { show: false }, size: fitValues },
];

/** Clips, views and Discord shares and reactions per day, week or month, over a lookback picked. */
export function ClipTimelinePanel({ profile }: { profile: string }) {
  const [step, setStep] = useState<Step>('day');
  const [days, setDays] = useState(30);
  const timeline = useApi(`${profile}/${step}/${days}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/clips/analytics/engagement-timeline', {
        params: { path: { profile }, query: { period: step, days } },
        signal,
      }),
    ),
  );
  const rows = timeline.data?.timeline;
  const data = useMemo<uPlot.AlignedData>(() => {
    const points = rows ?? [];
    return [
      points.map((p) => Date.parse(p.period_start) / 1000),
      points.map((p) => p.clip_count),
      points.map((p) => p.discord_shares),
      points.map((p) => p.discord_reactions),
      points.map((p) => p.total_views),
    ];
  }, [rows]);
  const pickStep = (next: Step): void => {
    setStep(next);
    // The middle lookback of the new step: a day's 90 days make no sense by month.
    setDays(LOOKBACKS[next][1]!.days);
  };
  return (
    <section className="panel" aria-labelledby="clip-timeline-heading">
      <div className="form-row">
        <h2 id="clip-timeline-heading">Engagement over time</h2>
        <label>
          Per
          <select data-testid="timeline-step" value={step} onChange={(e) => pickStep(e.target.value as Step)}>
            {STEPS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Over
          <select data-testid="timeline-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {LOOKBACKS[step].map((l) => (
              <option key={l.days} value={l.days}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        {timeline.data && <span className="muted small">time zone {timeline.data.timezone}</span>}
      </div>
      {timeline.error && <p className="error">{timeline.error}</p>}
      <TimeChart series={SERIES} axes={AXES} data={data} height={220} testId="clip-timeline" />
    </section>
  );
}
