import { useMemo, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { usePageTitle } from '../app/page-title.js';
import { useApi } from '../app/use-api.js';
import { buildHeatmapGrid, WeekdayHourHeatmap } from '../components/weekday-hour-heatmap.js';

const PERIODS = ['all', 'last30d', 'last7d'] as const;
const PERIOD_LABELS: Record<(typeof PERIODS)[number], string> = {
  all: 'all time',
  last30d: 'the last 30 days',
  last7d: 'the last 7 days',
};

/** What a cell can show: average viewers, or a counter per live hour. */
const METRICS = {
  viewers: { label: 'viewers', unit: 'viewers on average', caption: 'Average viewers' },
  comments: { label: 'messages', unit: 'messages per live hour', caption: 'Messages per live hour' },
  likes: { label: 'likes', unit: 'likes per live hour', caption: 'Likes per live hour' },
  gifts: { label: 'gifts', unit: 'gifts per live hour', caption: 'Gifts per live hour' },
  coins: { label: 'coins', unit: 'coins per live hour', caption: 'Coins per live hour' },
  followers: { label: 'follows', unit: 'follows per live hour', caption: 'Follows per live hour' },
} as const;
type Metric = keyof typeof METRICS;

/** When the audience is there: a metric by weekday and hour, in the profile's time zone. */
export default function HeatmapPage({ profile }: { profile: string }) {
  usePageTitle('Peak times');
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('all');
  const [metric, setMetric] = useState<Metric>('viewers');
  const peaks = useApi(`${profile}/${period}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/peak-times', {
        params: { path: { profile }, query: { period } },
        signal,
      }),
    ),
  );
  const map = useMemo(
    () => buildHeatmapGrid(peaks.data?.cells ?? [], (c) => (metric === 'viewers' ? c.viewers : c[metric])),
    [peaks.data, metric],
  );
  const { unit } = METRICS[metric];
  return (
    <section className="panel">
      <h1>Peak times</h1>
      <div className="form-row">
        <label>
          Show
          <select
            data-testid="peak-metric"
            value={metric}
            onChange={(e) => setMetric(e.target.value as Metric)}
          >
            {Object.entries(METRICS).map(([key, m]) => (
              <option key={key} value={key}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Over
          <select
            data-testid="peak-period"
            value={period}
            onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small" data-testid="peak-caption">
        {METRICS[metric].caption} by weekday and hour in {peaks.data?.timezone ?? '…'} (the profile&apos;s
        time zone), over {PERIOD_LABELS[period]}.
      </p>
      {peaks.error && <p className="error">{peaks.error}</p>}
      <WeekdayHourHeatmap grid={map} unit={unit} empty="no activity" testId="heatmap" />
    </section>
  );
}
