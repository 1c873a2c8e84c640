import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { ActivityPayload, LiveStatsPayload, TriggerEntry } from '../../api/live-events.js';
import { connectLive } from '../../api/live-socket.js';
import type { paths } from '../../api/openapi.gen.js';
import { LiveSeries } from './live-series.js';
import type { ObsLiveFeed } from './obs-live-feed.js';
import { isForProfile } from './obs-live-payloads.js';
import { useObsFeed } from './use-obs-feed.js';
import { useRecentMinutes, type RecentState } from './use-recent-minutes.js';

type ConnectorsAnswer =
  paths['/api/profiles/{profile}/connectors']['get']['responses'][200]['content']['application/json'];

export type ActivityItem = ActivityPayload['items'][number];
export type ConnectorView = ConnectorsAnswer['connectors'][number];

const FEED_LENGTH = 60;
const TRIGGERS_LENGTH = 20;

export interface LiveView {
  /** Whether the page's socket to the server is up (nothing about the streams). */
  connected: boolean;
  /** The last minutes' rollups and which streams are live, from the server's sessions. */
  recent: RecentState;
  stats: LiveStatsPayload | null;
  feed: ActivityItem[];
  sampled: ActivityPayload['sampled'];
  triggers: TriggerEntry[];
  connectors: Record<string, ConnectorView>;
  series: LiveSeries;
  /** OBS's link and stream health. */
  obs: ObsLiveFeed;
  /** Reads the connectors again (after connect/disconnect). */
  refreshConnectors: () => void;
}

/**
 * One profile's live state from Socket.IO; it follows the server across restarts. The state is
 * that of one profile: mount the component anew (a `key`) to show another.
 */
export function useLive(profile: string): LiveView {
  // Written to on every reading: kept for the component's life, not in a memo React may drop.
  const [series] = useState(() => new LiveSeries(600));
  const [connected, setConnected] = useState(false);
  const [stats, setStats] = useState<LiveStatsPayload | null>(null);
  const [feed, setFeed] = useState<ActivityItem[]>([]);
  const [sampled, setSampled] = useState<ActivityPayload['sampled']>(null);
  const [triggers, setTriggers] = useState<TriggerEntry[]>([]);
  const [connectors, setConnectors] = useState<Record<string, ConnectorView>>({});
  const [connectorsGeneration, setConnectorsGeneration] = useState(0);
  const [readings, setReadings] = useState(0);
  const recent = useRecentMinutes(profile, readings);
  const obs = useObsFeed(profile);

  useEffect(() => {
    if (recent.recent) series.setMinutes(recent.recent);
  }, [series, recent.recent]);

  useEffect(() => {
    const socket = connectLive(profile);
    socket.on('connect', () => {
      setConnected(true);
      setConnectorsGeneration((g) => g + 1);
      obs.readAll();
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('stats', (payload) => {
      // Never show another profile's data, whatever arrives.
      if (payload.profile !== profile) return;
      series.add(Date.now(), payload.combined.viewers);
      setStats(payload);
      setReadings((n) => n + 1);
    });
    socket.on('stats_update', (payload) =>
      // Newest first, as the server lists them (and as the panel shows them).
      setTriggers(payload.recent_triggers.slice(0, TRIGGERS_LENGTH)),
    );
    socket.on('trigger', (trigger) => {
      if (trigger.profile !== profile) return;
      setTriggers((list) =>
        list.some((t) => t.seq === trigger.seq) ? list : [trigger, ...list].slice(0, TRIGGERS_LENGTH),
      );
    });
    socket.on('activity', (payload) => {
      if (payload.profile !== profile) return;
      const newest = payload.items.slice(-FEED_LENGTH).reverse();
      setFeed((list) => [...newest, ...list].slice(0, FEED_LENGTH));
      setSampled(payload.sampled);
    });
    socket.on('connector_status', (status) => {
      if (status.profile !== profile) return;
      setConnectors((all) => ({ ...all, [status.stream]: { ...status } }));
    });
    socket.on('obs_health', (sample) => {
      if (isForProfile(sample, profile)) obs.feed.addSample(sample);
    });
    socket.on('obs_status', (status) => {
      if (!isForProfile(status, profile)) return;
      obs.feed.pushStatus(status);
      obs.readLink();
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [profile, series, obs]);

  useEffect(() => {
    const abort = new AbortController();
    unwrap(
      api.GET('/api/profiles/{profile}/connectors', { params: { path: { profile } }, signal: abort.signal }),
    )
      .then((r) => setConnectors(Object.fromEntries(r.connectors.map((c) => [c.stream, c]))))
      .catch(() => undefined); // shown as unknown; read again on the next (re)connect
    return () => abort.abort();
  }, [profile, connectorsGeneration]);

  return {
    connected,
    recent,
    stats,
    feed,
    sampled,
    triggers,
    connectors,
    series,
    obs: obs.feed,
    refreshConnectors: () => setConnectorsGeneration((g) => g + 1),
  };
}
