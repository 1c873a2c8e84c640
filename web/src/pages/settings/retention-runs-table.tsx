import { formatBytes, formatCount, formatTime } from '../../components/format.js';
import type { RetentionRun } from './use-retention.js';

/** What each step of a run means to the reader. */
const STATUS_LABELS: Record<RetentionRun['status'], { text: string; badge: string }> = {
  archived: { text: 'archived, not yet deleted', badge: 'warn' },
  snapshotted: { text: 'deleting', badge: 'warn' },
  deleted: { text: 'archived and deleted', badge: 'ok' },
};

/** Characters of the SHA-256 shown; the whole of it is in the cell's title. */
const SHA_SHOWN = 12;

const archiveHref = (profile: string, run: RetentionRun): string =>
  `/api/profiles/${encodeURIComponent(profile)}/retention/archives/${encodeURIComponent(run.archive)}`;

/** Events removed, or how far the deletion got while it runs. */
const removed = (run: RetentionRun): string =>
  run.deleted >= run.events
    ? formatCount(run.events)
    : `${formatCount(run.deleted)} of ${formatCount(run.events)}`;

/**
 * A profile's retention runs, newest first: when, how many raw events each removed and which,
 * how far it got, and its archive to download with the SHA-256 it was checked against.
 */
export function RetentionRunsTable({ profile, runs }: { profile: string; runs: readonly RetentionRun[] }) {
  if (runs.length === 0) return <p className="muted small">No retention run yet.</p>;
  return (
    <table className="table compact" data-testid="retention-runs">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Events removed</th>
          <th scope="col">Range</th>
          <th scope="col">Status</th>
          <th scope="col">Archive</th>
          <th scope="col">SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="retention-run">
            <td>{formatTime(run.started_at)}</td>
            <td data-testid="retention-run-events">{removed(run)}</td>
            <td>
              events before {formatTime(run.cutoff)}{' '}
              <span className="muted small">
                seq {run.from_seq}–{run.to_seq}
              </span>
            </td>
            <td>
              <span className={`badge ${STATUS_LABELS[run.status].badge}`} data-testid="retention-run-status">
                {STATUS_LABELS[run.status].text}
              </span>
            </td>
            <td>
              <a href={archiveHref(profile, run)} download data-testid="retention-run-archive">
                {run.archive}
              </a>{' '}
              <span className="muted small">{formatBytes(run.archive_bytes)}</span>
            </td>
            <td>
              <code className="small" title={run.archive_sha256}>
                {run.archive_sha256.slice(0, SHA_SHOWN)}…
              </code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
