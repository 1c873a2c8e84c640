import type { ReportSummary } from '../../api/openapi.gen.js';
import { formatCount, formatDuration, formatTime } from '../../components/format.js';

const ROWS: { label: string; value: (s: ReportSummary) => string }[] = [
  { label: 'Duration', value: (s) => formatDuration(s.duration_ms) },
  {
    label: 'Peak viewers',
    value: (s) => `${formatCount(s.peak_viewers)} at ${formatTime(s.peak_at, false)}`,
  },
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
export function ReportSummaryTable({ columns }: { columns: { name: string; summary: ReportSummary }[] }) {
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
              <td key={c.name}>{r.value(c.summary)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
