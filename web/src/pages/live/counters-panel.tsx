import { useEffect, useState } from 'react';
import type { LiveStatsPayload } from '../../api/live-events.js';
import { formatCount } from '../../components/format.js';
import { chatPerMinute, type RecentMinutes } from './recent-minutes.js';

type Counters = LiveStatsPayload['combined'];
/** Chat messages in the 60 seconds before now, by event time; null before the rollups are read. */
type ChatRate = number | null;

const TILES: {
  label: string;
  value: (c: Counters, chat: ChatRate) => string;
  key: string;
  title?: string;
}[] = [
  { key: 'viewers', label: 'Viewers', value: (c) => formatCount(c.viewers) },
  { key: 'peak_viewers', label: 'Peak', value: (c) => formatCount(c.peak_viewers) },
  { key: 'likes', label: 'Likes', value: (c) => formatCount(c.likes) },
  { key: 'coins', label: 'Coins', value: (c) => formatCount(c.coins) },
  { key: 'gifts', label: 'Gifts', value: (c) => formatCount(c.gifts) },
  { key: 'followers', label: 'Followers', value: (c) => formatCount(c.followers) },
  { key: 'shares', label: 'Shares', value: (c) => formatCount(c.shares) },
  {
    key: 'chat_velocity',
    label: 'Chat / min',
    title: 'Chat messages sent in the last 60 seconds (by the time they were sent, not received)',
    value: (_c, chat) => formatCount(chat),
  },
];

/** Re-renders every `ms`, so figures relative to now age without new data. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Combined counters as tiles, then one row per stream; chat rates from the per-minute rollups. */
export function CountersPanel({
  stats,
  recent,
}: {
  stats: LiveStatsPayload | null;
  recent: RecentMinutes | null;
}) {
  // A rate of the last minute must age with the clock, even when nothing arrives.
  const now = useNow(5000);
  if (!stats) return <section className="panel">Waiting for the first stats…</section>;
  const streams = Object.entries(stats.streams);
  const chat = (minutes: RecentMinutes['combined'] | undefined): ChatRate =>
    recent ? chatPerMinute(minutes, now) : null;
  return (
    <section className="panel" aria-label="Counters">
      <div className="tiles" data-testid="combined">
        {TILES.map((t) => (
          <div className="tile" key={t.key} data-metric={t.key} title={t.title}>
            <div className="tile-value">{t.value(stats.combined, chat(recent?.combined))}</div>
            <div className="tile-label">{t.label}</div>
          </div>
        ))}
      </div>
      <table className="table compact" data-testid="per-stream">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            {TILES.map((t) => (
              <th scope="col" key={t.key} title={t.title}>
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
                  {t.value(s, chat(recent?.streams.get(id)))}
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
