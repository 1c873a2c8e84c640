import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { Driver, DriversResult, TimelineBucket } from '../../api/openapi.gen.js';
import { formatDecimal, formatP } from '../../components/format.js';
import { fitAxis } from '../../components/fit-axis.js';
import { TimeChart } from '../../components/time-chart.js';

/** Which timeline field each driver activity is read from. */
const ACTIVITY_FIELD: Record<Driver['activity'], keyof Omit<TimelineBucket, 'at' | 'viewers'>> = {
  likes: 'likes',
  comments: 'comments',
  gifts: 'gifts',
  gift_value: 'coins',
  follows: 'followers',
  shares: 'shares',
  joins: 'joins',
};

const LABEL: Record<Driver['activity'], string> = {
  likes: 'likes',
  comments: 'messages',
  gifts: 'gifts',
  gift_value: 'gift value (coins)',
  follows: 'follows',
  shares: 'shares',
  joins: 'joins',
};

/** The driver to chart: significant ones first, then the smallest corrected p. */
export function strongestDriver(drivers: Driver[]): Driver | null {
  const measured = drivers.filter((d) => d.best_lag_minutes !== null && d.p_adjusted !== null);
  measured.sort((a, b) => Number(b.significant) - Number(a.significant) || a.p_adjusted! - b.p_adjusted!);
  return measured[0] ?? null;
}

/**
 * Viewer change per minute next to the driver's activity `lag` minutes earlier, on one time axis:
 * `[minute, change, activity shifted by lag]`. A minute without a reading stays empty.
 */
export function driverSeries(timeline: TimelineBucket[], driver: Driver): uPlot.AlignedData {
  const field = ACTIVITY_FIELD[driver.activity];
  const lag = driver.best_lag_minutes ?? 0;
  const byMinute = new Map(timeline.map((b) => [b.at, b]));
  const times: number[] = [];
  const change: (number | null)[] = [];
  const activity: (number | null)[] = [];
  for (const b of timeline) {
    const previous = byMinute.get(b.at - 60_000);
    times.push(b.at / 1000);
    change.push(
      previous?.viewers.last != null && b.viewers.last != null
        ? b.viewers.last - previous.viewers.last
        : null,
    );
    activity.push(byMinute.get(b.at - lag * 60_000)?.[field] ?? null);
  }
  return [times, change, activity];
}

function NumbersTable({ result }: { result: DriversResult }) {
  return (
    <table className="table compact" data-testid="driver-numbers">
      <thead>
        <tr>
          <th scope="col">Activity</th>
          <th scope="col">Best lag</th>
          <th scope="col">r</th>
          <th scope="col">p</th>
          <th scope="col">p (Holm)</th>
          <th scope="col">Spearman ρ</th>
          <th scope="col">Effect</th>
          <th scope="col">95% CI</th>
          <th scope="col">Significant</th>
        </tr>
      </thead>
      <tbody>
        {result.drivers.map((d) => (
          <tr key={d.activity}>
            <td>{LABEL[d.activity]}</td>
            <td>{d.best_lag_minutes == null ? '—' : `${d.best_lag_minutes} min`}</td>
            <td>{formatDecimal(d.r == null ? null : Math.round(d.r * 100) / 100)}</td>
            <td>{formatP(d.p)}</td>
            <td>{formatP(d.p_adjusted)}</td>
            <td>{d.spearman.rho == null ? '—' : d.spearman.rho.toFixed(2)}</td>
            <td>
              {d.effect
                ? `${d.effect.viewers >= 0 ? '+' : ''}${formatDecimal(d.effect.viewers)} viewers per ${d.effect.per} ${d.effect.unit}`
                : '—'}
            </td>
            <td>{d.ci95 ? `${formatDecimal(d.ci95[0])} … ${formatDecimal(d.ci95[1])}` : '—'}</td>
            <td>{d.significant ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Drivers of viewer change as a person reads them: verdicts first, numbers behind a click, a chart. */
export function DriversPanel({
  result,
  minutes,
}: {
  result: DriversResult;
  minutes: TimelineBucket[] | null;
}) {
  const strongest = strongestDriver(result.drivers);
  const data = useMemo(
    () => (strongest && minutes ? driverSeries(minutes, strongest) : null),
    [strongest, minutes],
  );
  const series = useMemo<uPlot.Series[]>(
    () => [
      { label: 'Viewer change / min', stroke: '#4f8cff', width: 2 },
      {
        label: strongest
          ? `${LABEL[strongest.activity]} ${strongest.best_lag_minutes ?? 0} min earlier`
          : 'activity',
        stroke: '#ff9f1c',
        fill: 'rgba(255,159,28,0.25)',
        scale: 'activity',
      },
    ],
    [strongest],
  );
  const axes = useMemo<uPlot.Axis[]>(
    () => [
      {},
      { label: 'viewers', size: fitAxis(50) },
      { scale: 'activity', side: 1, grid: { show: false }, size: fitAxis(50) },
    ],
    [],
  );
  const sentences = result.drivers.filter((d) => d.significant).map((d) => d.verdict);
  return (
    <section className="panel" aria-label="Drivers of viewer change" data-testid="drivers">
      <h2>What moved the viewers</h2>
      <p className="verdict" data-testid="drivers-verdict">
        {result.verdict}
      </p>
      {sentences.length > 0 && (
        <ul className="verdicts" data-testid="driver-verdicts">
          {sentences.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
      {result.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
      {strongest && data && (
        <>
          <h2>
            Viewer change against {LABEL[strongest.activity]}, {strongest.best_lag_minutes ?? 0} minutes
            earlier
          </h2>
          <TimeChart series={series} axes={axes} data={data} height={200} testId="driver-chart" />
        </>
      )}
      <details>
        <summary>The numbers behind it</summary>
        <p className="muted small">
          {result.n} minutes with a viewer change, {result.tests} tests (p-values Holm-corrected), lags 0–
          {result.max_lag} min; R² {result.r2?.toFixed(2) ?? '—'}, adjusted{' '}
          {result.adjusted_r2?.toFixed(2) ?? '—'}.
        </p>
        <NumbersTable result={result} />
        {result.drivers
          .filter((d) => !d.significant)
          .map((d) => (
            <p key={d.activity} className="muted small">
              {d.verdict}
            </p>
          ))}
      </details>
    </section>
  );
}
