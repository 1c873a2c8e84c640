import { useEffect } from 'react';
import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatBytes, formatDecimal, formatTime } from '../../components/format.js';
import { ResourceCharts } from './resource-charts.js';
import type { ResourceReport } from './system-types.js';

/** How often the page reads the figures again (ms). */
const REFRESH_MS = 10_000;

const percent = (n: number) => `${formatDecimal(n)}%`;

/** The server's resources for its admins, read again every few seconds: what to do first, then the figures. */
export default function SystemPage() {
  usePageTitle('System');
  const resources = useApi('system-resources', (signal) =>
    unwrap(api.GET('/api/system/resources', { signal })),
  );
  const { reload } = resources;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const report = resources.data;
  return (
    <div>
      <h1>System</h1>
      <p className="muted">
        This server&apos;s machine: how busy it is, how much room the data takes, and what to do about it.
      </p>
      <ErrorNotice error={resources.error} testId="system-error" />
      {report && (
        <>
          <AdvicePanel report={report} />
          <NowPanel report={report} />
          <BackgroundPanel report={report} />
          <StoragePanel report={report} />
          <ResourceCharts report={report} />
        </>
      )}
    </div>
  );
}

function AdvicePanel({ report }: { report: ResourceReport }) {
  return (
    <section className="panel">
      <h2>Recommendations</h2>
      <ul className="advice" data-testid="system-advice">
        {report.advice.map((a) => (
          <li key={a.id} data-testid="advice" data-advice={a.id} data-severity={a.severity}>
            <strong>{a.severity === 'critical' ? 'Now: ' : a.severity === 'warning' ? 'Soon: ' : ''}</strong>
            {a.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NowPanel({ report }: { report: ResourceReport }) {
  const now = report.current;
  if (!now) return null;
  return (
    <section className="panel">
      <h2>Now</h2>
      <table className="table compact" data-testid="system-now">
        <tbody>
          <tr data-testid="system-cpu">
            <th scope="row">CPU</th>
            <td>
              {percent(now.cpu.system_percent)} of {now.cpu.cores} cores busy; this server{' '}
              {percent(now.cpu.process_percent)}; load{' '}
              {now.cpu.load_average.map((l) => formatDecimal(l)).join(' / ')}
            </td>
          </tr>
          <tr data-testid="system-memory">
            <th scope="row">Memory</th>
            <td>
              this server {formatBytes(now.memory.rss_bytes)} (heap {formatBytes(now.memory.heap_used_bytes)}{' '}
              of {formatBytes(now.memory.heap_limit_bytes)}); the machine{' '}
              {formatBytes(now.memory.system_free_bytes)} free of {formatBytes(now.memory.system_total_bytes)}
            </td>
          </tr>
          <tr data-testid="system-event-loop">
            <th scope="row">Event loop</th>
            <td>
              delay {formatDecimal(now.event_loop.delay_p50_ms)} ms median,{' '}
              {formatDecimal(now.event_loop.delay_p99_ms)} ms p99,{' '}
              {formatDecimal(now.event_loop.delay_max_ms)} ms worst; busy{' '}
              {percent(now.event_loop.utilization * 100)}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="muted small">
        Read {formatTime(now.at)}, every {Math.round(report.interval_ms / 1000)} s.
      </p>
    </section>
  );
}

function BackgroundPanel({ report }: { report: ResourceReport }) {
  const { pace, shedding } = report;
  return (
    <section className="panel">
      <h2>Background work and load</h2>
      <p data-testid="system-pace">
        {pace.delay_ms === 0
          ? 'Background work (session analysis, clip refreshes, retention) runs at full speed.'
          : `Background work waits ${formatDecimal(pace.delay_ms / 1000)} s before each step: ${pace.reason ?? 'the machine is busy'}${
              pace.slowed_since ? `, since ${formatTime(pace.slowed_since)}` : ''
            }.`}{' '}
        {pace.waiting > 0 && `${pace.waiting} waiting now.`}
      </p>
      <p data-testid="system-shedding">
        {shedding.active
          ? 'The server is overloaded: it answers new requests 503 and asks clients to retry shortly.'
          : 'The server takes every request.'}{' '}
        {shedding.refused_last_hour > 0 && `${shedding.refused_last_hour} refused in the last hour.`}
      </p>
    </section>
  );
}

function StoragePanel({ report }: { report: ResourceReport }) {
  const { storage, growth } = report;
  if (!storage) return null;
  return (
    <section className="panel">
      <h2>Data</h2>
      <p data-testid="system-disk">
        {storage.disk
          ? `${formatBytes(storage.disk.free_bytes)} free of ${formatBytes(storage.disk.total_bytes)} on the disk holding the data. `
          : "The data is in PostgreSQL: its disk is the database server's. "}
        {growth
          ? `It grows ${formatBytes(Math.max(0, growth.bytes_per_day))} a day${
              growth.days_until_full !== null
                ? `, full in about ${Math.round(growth.days_until_full)} days`
                : ''
            }.`
          : 'Its growth is not known yet.'}
      </p>
      <table className="table compact" data-testid="system-sizes">
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Size</th>
            <th scope="col">Write-ahead log</th>
            <th scope="col">Growth a day</th>
            <th scope="col">Raw events kept</th>
          </tr>
        </thead>
        <tbody>
          {storage.profiles.map((p) => (
            <tr key={p.profile} data-testid="system-profile-size" data-profile={p.profile}>
              <td>{p.profile}</td>
              <td>{formatBytes(p.bytes)}</td>
              <td>{formatBytes(p.wal_bytes)}</td>
              <td>{p.bytes_per_day === null ? '—' : formatBytes(Math.max(0, p.bytes_per_day))}</td>
              <td>{p.retention_days} days</td>
            </tr>
          ))}
          <tr>
            <td>System (users, profiles, audit)</td>
            <td>{formatBytes(storage.system_bytes)}</td>
            <td colSpan={3} />
          </tr>
        </tbody>
      </table>
    </section>
  );
}
