import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { useLogin } from '../../app/use-login.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatBytes, formatCount } from '../../components/format.js';
import { QuotaPanel } from './quota-form.js';

/** "main: 42, backup: 3" minutes live per stream; a dash when none was live. */
function describeLive(minutes: Record<string, number>): string {
  const streams = Object.entries(minutes).filter(([, m]) => m > 0);
  return streams.length === 0 ? '—' : streams.map(([stream, m]) => `${stream}: ${formatCount(m)}`).join(', ');
}

/** What the profile used per UTC day over the last 30 days, newest first, and its quota. */
export default function UsagePage({ profile }: { profile: string }) {
  usePageTitle('Usage');
  const login = useLogin();
  const usage = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/usage', { params: { path: { profile } }, signal })),
  );
  const days = [...(usage.data?.days ?? [])].reverse();
  return (
    <div>
      <h1>Usage</h1>
      <section className="panel">
        <h2>Per day (UTC), the last 30 days</h2>
        <table className="table compact" data-testid="usage">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Events stored</th>
              <th scope="col">Their size</th>
              <th scope="col">API requests</th>
              <th scope="col">Clips</th>
              <th scope="col">Minutes live, per stream</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} data-testid="usage-day" data-day={d.day}>
                <td>{d.day}</td>
                <td data-testid="usage-events">{formatCount(d.events)}</td>
                <td>{formatBytes(d.bytes)}</td>
                <td data-testid="usage-requests">{formatCount(d.requests)}</td>
                <td data-testid="usage-clips">{formatCount(d.clips)}</td>
                <td>{describeLive(d.live_minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {usage.data?.days.length === 0 && <p className="muted">Nothing used yet.</p>}
        <ErrorNotice error={usage.error} testId="usage-error" />
      </section>
      <QuotaPanel profile={profile} canEdit={login.data?.user.is_admin === true} />
    </div>
  );
}
