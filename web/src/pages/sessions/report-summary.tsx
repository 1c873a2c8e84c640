import type { ReportSummary } from '../../api/openapi.gen.js';
import { formatCount, formatDuration, formatTime } from '../../components/format.js';

const MINUTE_MS = 60_000;

/** The part of the session the report covers, epoch ms. */
export interface ReportBounds {
  from: number;
  to: number;
}

/**
 * When the viewers peaked. A time on a minute's start is the start of the minute the peak was read
 * in (the combined series is per minute), not the reading's: that minute is told instead, cut to
 * the report's bounds, so the peak is never put before the session started.
 */
export function describePeak(s: ReportSummary, bounds: ReportBounds): string {
  const count = formatCount(s.peak_viewers);
  if (s.peak_at === null) return count;
  if (s.peak_at % MINUTE_MS !== 0) return `${count} at ${formatTime(s.peak_at, false)}`;
  const from = Math.max(s.peak_at, bounds.from);
  const to = Math.min(s.peak_at + MINUTE_MS, bounds.to);
  return `${count} between ${formatTime(from, false)} and ${formatTime(to, false)}`;
}

const ROWS: { label: string; value: (s: ReportSummary, bounds: ReportBounds) => string }[] = [
  { label: 'Duration', value: (s) => formatDuration(s.duration_ms) },
  { label: 'Peak viewers', value: describePeak },
  { label: 'Average viewers', value: (s) => formatCount(s.avg_viewers) },
  { label: 'Unique viewers', value: (s) => formatCount(s.unique_viewers) },
  { label: 'Unique chatters', value: (s) => formatCount(s.unique_chatters) },
  { label: 'Messages', value: (s) => formatCount(s.comments) },
  { label: 'Likes', value: (s) => formatCount(s.likes) },
  { label: 'Gifts', value: (s) => formatCount(s.gifts) },
  { label: 'Coins', value: (s) => formatCount(s.coins) },
  { label: 'New followers', value: (s) => formatCount(s.followers) },
  { label: 'Shares', value: (s) => formatCount(s.shares) },
  { label: 'Subscriptions', value: (s) => formatCount(s.subscriptions) },
];

/** The summary of every stream in the report side by side, combined first. */
export function ReportSummaryTable({
  columns,
  bounds,
}: {
  columns: { name: string; summary: ReportSummary }[];
  bounds: ReportBounds;
}) {
  return (
    <table className="table compact" data-testid="report-summary">
      <thead>
        <tr>
          <td />
          {columns.map((c) => (
            <th scope="col" key={c.name}>
              {c.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            {columns.map((c) => (
              <td key={c.name}>{r.value(c.summary, bounds)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
