import type { ActivityPayload } from '../../api/live-events.js';
import { formatCount, formatTime } from '../../components/format.js';
import type { ActivityItem } from './use-live.js';

function describe(item: ActivityItem): string {
  const who = item.user?.name ?? 'someone';
  switch (item.kind) {
    case 'chat':
      return `${who}: ${item.text ?? ''}`;
    case 'gift':
      return `${who} sent ${item.count} × ${item.gift?.name ?? 'gift'} (${formatCount(item.value)} coins)`;
    case 'follow':
      return `${who} followed`;
    case 'share':
      return `${who} shared the stream`;
    case 'join':
      return `${who} joined`;
    case 'subscribe':
      return `${who} subscribed${item.count > 1 ? ` (${item.count})` : ''}`;
    case 'cheer':
      return `${who} cheered ${formatCount(item.value)} bits`;
    case 'raid':
      return `${who} raided with ${formatCount(item.count)} viewers`;
    default:
      return `${who}: ${item.kind}`;
  }
}

/** The newest chat, gifts, follows and the rest, newest first. */
export function ActivityFeed({
  items,
  sampled,
}: {
  items: ActivityItem[];
  sampled: ActivityPayload['sampled'];
}) {
  return (
    <section className="panel feed" aria-label="Activity">
      <h2>
        Activity{' '}
        {sampled && (
          <span className="muted small">
            (busy: showing {formatCount(sampled.kept)} of {formatCount(sampled.of)})
          </span>
        )}
      </h2>
      <ul className="feed-list" data-testid="activity-feed" aria-live="polite">
        {items.map((item) => (
          <li key={`${item.stream}-${item.seq}`} className={`feed-item kind-${item.kind}`}>
            <span className="muted small">{formatTime(item.at, false)}</span>{' '}
            <span className="tag">{item.stream}</span> {describe(item)}
          </li>
        ))}
        {items.length === 0 && <li className="muted">Nothing yet.</li>}
      </ul>
    </section>
  );
}
