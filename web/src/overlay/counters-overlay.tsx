import { useState } from 'react';
import type { LiveStatsPayload } from '../api/live-events.js';
import { formatCount, formatDecimal } from '../components/format.js';
import { parseList, type OverlayOptions } from './overlay-options.js';
import { useOverlayLive } from './use-overlay-live.js';

const METRICS = [
  'viewers',
  'peak_viewers',
  'likes',
  'coins',
  'gifts',
  'followers',
  'shares',
  'chat_velocity',
] as const;
type Metric = (typeof METRICS)[number];
const LABELS: Record<Metric, string> = {
  viewers: 'viewers',
  peak_viewers: 'peak',
  likes: 'likes',
  coins: 'coins',
  gifts: 'gifts',
  followers: 'follows',
  shares: 'shares',
  chat_velocity: 'chat/min',
};

/** Live counters: `metrics=viewers,likes,coins`, `stream=<id>` for one stream instead of all. */
export function CountersOverlay({ options, profile }: { options: OverlayOptions; profile: string }) {
  const metrics = parseList(options.params.get('metrics'), METRICS, [
    'viewers',
    'likes',
    'coins',
    'followers',
  ]);
  const stream = options.params.get('stream');
  const [stats, setStats] = useState<LiveStatsPayload | null>(null);
  useOverlayLive(profile, options.token, 'stats', (payload) => {
    // Never show another profile's data, whatever arrives.
    if (payload.profile === profile) setStats(payload);
  });
  const values = stats ? (stream ? stats.streams[stream] : stats.combined) : undefined;
  return (
    <div className="ov-counters" data-testid="overlay-counters">
      {metrics.map((m) => (
        <div className="ov-box ov-counter" key={m} data-metric={m}>
          <span className="ov-value">
            {values ? (m === 'chat_velocity' ? formatDecimal(values[m]) : formatCount(values[m])) : '–'}
          </span>
          <span className="ov-label">{LABELS[m]}</span>
        </div>
      ))}
    </div>
  );
}
