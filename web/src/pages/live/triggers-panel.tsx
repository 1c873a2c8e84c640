import type { TriggerEntry } from '../../api/live-events.js';
import { formatTime } from '../../components/format.js';

/** The most recent spike and goal triggers, newest first. */
export function TriggersPanel({ triggers }: { triggers: TriggerEntry[] }) {
  // In the order of the log, whatever order they came in (the seed list and pushed ones differ).
  const newestFirst = triggers.toSorted((a, b) => b.seq - a.seq);
  return (
    <section className="panel" aria-label="Recent triggers">
      <h2>Recent triggers</h2>
      <ul className="feed-list" data-testid="triggers">
        {newestFirst.map((t) => (
          <li key={t.seq}>
            <span className="muted small">{formatTime(t.timestamp, false)}</span>{' '}
            <span className="tag">{t.streamer}</span> {t.type.replace(/_/g, ' ')}
          </li>
        ))}
        {triggers.length === 0 && <li className="muted">No triggers yet.</li>}
      </ul>
    </section>
  );
}
