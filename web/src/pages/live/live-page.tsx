import { usePageTitle } from '../../app/page-title.js';
import { ActivityFeed } from './activity-feed.js';
import { ConnectorsPanel } from './connectors-panel.js';
import { CountersPanel } from './counters-panel.js';
import { LiveCharts } from './live-charts.js';
import { ObsHealthPanel } from './obs-health-panel.js';
import { OnAirBadges } from './on-air-badges.js';
import { TriggersPanel } from './triggers-panel.js';
import { useLive } from './use-live.js';

/** The live view: counters, chart, OBS's health, activity, triggers, recording and connectors of one profile. */
export function LivePage({ profile }: { profile: string }) {
  usePageTitle('Live');
  const live = useLive(profile);
  return (
    <div className="live-page">
      <div className="status-line">
        <OnAirBadges connected={live.connected} recent={live.recent.recent} />
        {live.stats && (
          <span className="muted small"> updated {new Date(live.stats.at).toLocaleTimeString()}</span>
        )}
      </div>
      <CountersPanel stats={live.stats} recent={live.recent.recent} />
      <LiveCharts series={live.series} error={live.recent.error} />
      <ObsHealthPanel profile={profile} feed={live.obs} />
      <div className="columns">
        <ActivityFeed items={live.feed} sampled={live.sampled} />
        <div>
          <TriggersPanel triggers={live.triggers} />
          <ConnectorsPanel profile={profile} connectors={live.connectors} onChange={live.refreshConnectors} />
        </div>
      </div>
    </div>
  );
}
