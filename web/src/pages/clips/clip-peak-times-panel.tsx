import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import { buildHeatmapGrid, WeekdayHourHeatmap } from '../../components/weekday-hour-heatmap.js';

const MEASURES = {
  clips: { label: 'clips made', unit: 'clips' },
  views: { label: 'their views', unit: 'views' },
} as const;
type Measure = keyof typeof MEASURES;

/** When clips are made, all time: a weekday x hour heatmap in the profile's time zone. */
export function ClipPeakTimesPanel({ profile }: { profile: string }) {
  const [measure, setMeasure] = useState<Measure>('clips');
  const peaks = useApi(profile, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/clips/analytics/peak-times', {
        params: { path: { profile } },
        signal,
      }),
    ),
  );
  const grid = useMemo(
    () =>
      buildHeatmapGrid(peaks.data?.grid ?? [], (c) => (measure === 'clips' ? c.clip_count : c.total_views)),
    [peaks.data, measure],
  );
  return (
    <section className="panel" aria-labelledby="clip-peaks-heading">
      <div className="form-row">
        <h2 id="clip-peaks-heading">When clips are made</h2>
        <label>
          Show
          <select
            data-testid="clip-peak-measure"
            value={measure}
            onChange={(e) => setMeasure(e.target.value as Measure)}
          >
            {Object.entries(MEASURES).map(([key, m]) => (
              <option key={key} value={key}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small" data-testid="clip-peak-caption">
        {measure === 'clips' ? 'Clips made' : 'Views of the clips made'} by weekday and hour in{' '}
        {peaks.data?.timezone ?? '…'} (the profile&apos;s time zone), all time.
      </p>
      {peaks.error && <p className="error">{peaks.error}</p>}
      <WeekdayHourHeatmap grid={grid} unit={MEASURES[measure].unit} empty="no clips" testId="clip-heatmap" />
    </section>
  );
}
