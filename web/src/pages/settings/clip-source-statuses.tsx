import type { ClipSourceStatus } from '../../api/openapi.gen.js';
import { formatCount, formatTime } from '../../components/format.js';

const sourceName = (s: ClipSourceStatus): string =>
  s.kind === 'discord' ? 'Discord bot' : `Twitch clips of ${s.stream ?? '?'}`;

/** Each clip source of the profile: its state and since when, failures in a row, last error, next attempt, what it did. */
export function ClipSourceStatuses({ sources }: { sources: readonly ClipSourceStatus[] }) {
  return (
    <table className="table compact" data-testid="clip-sources">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">State</th>
          <th scope="col">Since</th>
          <th scope="col">Failures</th>
          <th scope="col">Last error</th>
          <th scope="col">Next attempt</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={`${s.kind}:${s.stream ?? ''}`} data-testid="clip-source" data-kind={s.kind}>
            <th scope="row">{sourceName(s)}</th>
            <td>
              <span className={`badge state-${s.state}`} data-testid="clip-source-state">
                {s.state}
              </span>
            </td>
            <td>{formatTime(s.since)}</td>
            <td>{formatCount(s.failures)}</td>
            <td data-testid="clip-source-error">
              {s.last_error ? (
                <>
                  {s.last_error.message} <span className="muted small">{formatTime(s.last_error.at)}</span>
                </>
              ) : (
                '—'
              )}
            </td>
            <td>{formatTime(s.next_attempt_at)}</td>
            <td data-testid="clip-source-detail">{s.detail ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
