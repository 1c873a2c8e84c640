import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { Link } from '../../app/link.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { formatTime } from '../../components/format.js';
import {
  LEADERBOARD_METRICS,
  LeaderboardTable,
  type LeaderboardMetric,
} from '../../components/leaderboard-table.js';
import { DriversPanel } from './drivers-panel.js';
import { ObsRecordingsPanel } from './obs-recordings-panel.js';
import { ReportSummaryTable } from './report-summary.js';
import { ReportTimeline } from './report-timeline.js';
import { SessionClipsPanel } from './session-clips-panel.js';
import { StreamHealthChart } from './stream-health-chart.js';
import { useSessionObs } from './use-session-obs.js';
import { VoidPanel } from './void-panel.js';
import { IfRole } from '../../app/needs-role.js';

const RESOLUTIONS = ['auto', '1', '5', '15', '60'] as const;

interface Props {
  profile: string;
  sessionId: string;
  link: (path: string) => string;
}

/** One session: summary, timeline (with OBS's stream health), OBS's files, leaderboard and what drove its viewers. */
export default function SessionReportPage({ profile, sessionId, link }: Props) {
  usePageTitle(`Session ${sessionId}`);
  const [resolution, setResolution] = useState<(typeof RESOLUTIONS)[number]>('auto');
  const [metric, setMetric] = useState<LeaderboardMetric>('coins');
  const [clipWindow, setClipWindow] = useState(5);
  const path = { profile, id: Number(sessionId) };
  const report = useApi(`${profile}/${sessionId}/${resolution}/${clipWindow}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/sessions/{id}/report', {
        params: {
          path,
          query: { ...(resolution === 'auto' ? {} : { resolution }), window_minutes: clipWindow },
        },
        signal,
      }),
    ),
  );
  const minutes = useApi(`${profile}/${sessionId}/1`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/sessions/{id}/report', {
        params: { path, query: { resolution: '1' } },
        signal,
      }),
    ),
  );
  const drivers = useApi(`${profile}/${sessionId}`, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/sessions/{id}/drivers', { params: { path }, signal })),
  );
  const board = useApi(`${profile}/${sessionId}/${metric}`, (signal) =>
    unwrap(
      api.GET('/api/profiles/{profile}/leaderboards', {
        params: { path: { profile }, query: { metric, period: `session:${sessionId}`, limit: 10 } },
        signal,
      }),
    ),
  );
  const r = report.data;
  const obs = useSessionObs(profile, r);
  const reloadAll = () => {
    report.reload();
    minutes.reload();
    drivers.reload();
    board.reload();
  };
  return (
    <div>
      <p>
        <Link to={link('/sessions')}>← Sessions</Link>
      </p>
      <h1>
        Session {sessionId}
        {r && (
          <span className="muted small">
            {' '}
            {r.session.stream}, {formatTime(r.session.started_at)}{' '}
            {r.session.is_live && <span className="badge ok">live</span>}
          </span>
        )}
      </h1>
      {report.error && <p className="error">{report.error}</p>}
      {drivers.data && (
        <DriversPanel result={drivers.data} minutes={minutes.data?.combined.timeline ?? null} />
      )}
      {drivers.error && <p className="error">{drivers.error}</p>}
      {r && (
        <>
          <section className="panel">
            <div className="form-row">
              <h2>Timeline</h2>
              <label>
                Resolution
                <select
                  data-testid="resolution"
                  value={resolution}
                  onChange={(e) => setResolution(e.target.value as (typeof RESOLUTIONS)[number])}
                >
                  {RESOLUTIONS.map((v) => (
                    <option key={v} value={v}>
                      {v === 'auto' ? `auto (${r.resolution} min)` : `${v} min`}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {r.window.partial && (
              <p className="muted small" data-testid="report-partial">
                This report covers {formatTime(r.window.from)} to {formatTime(r.window.to)}: a report reads at
                most 7 days of a session.
              </p>
            )}
            <ReportTimeline timeline={r.combined.timeline} clips={r.clips} fired={r.clip_triggers.fired} />
            {(r.clips.length > 0 || r.clip_triggers.fired.length > 0) && (
              <p className="muted small" data-testid="timeline-markers-key">
                <span className="key-clip" aria-hidden="true" /> a clip (hover for its title, click to open
                it) <span className="key-trigger" aria-hidden="true" /> a spike trigger, replayed with the
                trigger settings
              </p>
            )}
            {obs.data && obs.data.minutes.length > 0 && (
              <StreamHealthChart
                timeline={r.combined.timeline}
                resolution={r.resolution}
                minutes={obs.data.minutes}
              />
            )}
            {obs.error && (
              <p className="muted small">OBS&apos;s data for this session could not be read: {obs.error}</p>
            )}
          </section>
          <SessionClipsPanel
            clips={r.clips}
            figures={r.clip_triggers}
            windowMinutes={clipWindow}
            onWindowChange={setClipWindow}
          />
          {obs.data && obs.data.recordings.length > 0 && (
            <ObsRecordingsPanel
              recordings={obs.data.recordings}
              isCut={obs.data.isCut}
              until={obs.data.until}
            />
          )}
          <section className="panel">
            <h2>Summary</h2>
            <ReportSummaryTable
              bounds={r.window}
              columns={[
                { name: 'combined', summary: r.combined.summary },
                ...r.streams.map((s) => ({ name: s.stream, summary: s.summary })),
              ]}
            />
          </section>
        </>
      )}
      <section className="panel">
        <div className="form-row">
          <h2>Leaderboard</h2>
          <label>
            Metric
            <select value={metric} onChange={(e) => setMetric(e.target.value as LeaderboardMetric)}>
              {LEADERBOARD_METRICS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
        </div>
        {board.data && (
          <LeaderboardTable
            board={board.data}
            viewerLink={(id) => link(`/viewers/${encodeURIComponent(id)}`)}
          />
        )}
      </section>
      {r && (
        <IfRole profile={profile} needed="editor">
          <VoidPanel profile={profile} session={r.session} onVoided={reloadAll} />
        </IfRole>
      )}
    </div>
  );
}
