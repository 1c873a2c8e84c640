import type { LiveStatsPayload } from '../../api/live-events.js';
import { formatCount, formatDecimal } from '../../components/format.js';

type Counters = LiveStatsPayload['combined'];

const TILES: { label: string; value: (c: Counters) => string; key: string }[] = [
  { key: 'viewers', label: 'Viewers', value: (c) => formatCount(c.viewers) },
  { key: 'peak_viewers', label: 'Peak', value: (c) => formatCount(c.peak_viewers) },
  { key: 'likes', label: 'Likes', value: (c) => formatCount(c.likes) },
  { key: 'coins', label: 'Coins', value: (c) => formatCount(c.coins) },
  { key: 'gifts', label: 'Gifts', value: (c) => formatCount(c.gifts) },
  { key: 'followers', label: 'Followers', value: (c) => formatCount(c.followers) },
  { key: 'shares', label: 'Shares', value: (c) => formatCount(c.shares) },
  { key: 'chat_velocity', label: 'Chat / min', value: (c) => formatDecimal(c.chat_velocity) },
];

/** Combined counters as tiles, then one row per stream. */
export function CountersPanel({ stats }: { stats: LiveStatsPayload | null }) {
  if (!stats) return <section className="panel">Waiting for the first stats…</section>;
  const streams = Object.entries(stats.streams);
  return (
    <section className="panel" aria-label="Counters">
      <div className="tiles" data-testid="combined">
        {TILES.map((t) => (
          <div className="tile" key={t.key} data-metric={t.key}>
            <div className="tile-value">{t.value(stats.combined)}</div>
            <div className="tile-label">{t.label}</div>
          </div>
        ))}
      </div>
      <table className="table compact" data-testid="per-stream">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            {TILES.map((t) => (
              <th scope="col" key={t.key}>
                {t.label}
              </th>
            ))}
            <th scope="col">Recording</th>
          </tr>
        </thead>
        <tbody>
          {streams.map(([id, s]) => (
            <tr key={id} data-stream={id}>
              <th scope="row">{id}</th>
              {TILES.map((t) => (
                <td key={t.key} data-metric={t.key}>
                  {t.value(s)}
                </td>
              ))}
              <td>
                {s.recording ? <span className="badge rec">● REC</span> : <span className="muted">off</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
