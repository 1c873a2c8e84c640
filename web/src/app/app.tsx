import { lazy, Suspense, type ReactNode } from 'react';
import { LivePage } from '../pages/live/live-page.js';
import { Link } from './link.js';
import { ProfilePicker } from './profile-picker.js';
import { useRoute, withProfile } from './router.js';
import { useProfile } from './use-profile.js';

// Everything but the live page loads on demand, keeping the first load small.
const SessionsPage = lazy(() => import('../pages/sessions/sessions-page.js'));
const SessionReportPage = lazy(() => import('../pages/sessions/session-report-page.js'));
const LeaderboardsPage = lazy(() => import('../pages/leaderboards-page.js'));
const ViewersPage = lazy(() => import('../pages/viewers-page.js'));
const HeatmapPage = lazy(() => import('../pages/heatmap-page.js'));
const GoalsPage = lazy(() => import('../pages/goals-page.js'));
const SettingsPage = lazy(() => import('../pages/settings/settings-page.js'));

const NAV: { path: string; label: string }[] = [
  { path: '/', label: 'Live' },
  { path: '/sessions', label: 'Sessions' },
  { path: '/leaderboards', label: 'Leaderboards' },
  { path: '/viewers', label: 'Viewers' },
  { path: '/heatmap', label: 'Peak times' },
  { path: '/goals', label: 'Goals' },
  { path: '/settings', label: 'Settings' },
];

function page(path: string, profile: string, link: (p: string) => string): ReactNode {
  const session = /^\/sessions\/(\d+)$/.exec(path);
  if (session) return <SessionReportPage profile={profile} sessionId={session[1]!} link={link} />;
  const viewer = /^\/viewers\/(.+)$/.exec(path);
  if (viewer) return <ViewersPage profile={profile} viewerId={decodeURIComponent(viewer[1]!)} link={link} />;
  switch (path) {
    case '/':
      return <LivePage key={profile} profile={profile} />;
    case '/sessions':
      return <SessionsPage profile={profile} link={link} />;
    case '/leaderboards':
      return <LeaderboardsPage profile={profile} />;
    case '/viewers':
      return <ViewersPage profile={profile} viewerId={null} link={link} />;
    case '/heatmap':
      return <HeatmapPage profile={profile} />;
    case '/goals':
      return <GoalsPage profile={profile} />;
    case '/settings':
      return <SettingsPage profile={profile} link={link} />;
    default:
      return <p>No page here.</p>;
  }
}

/** The dashboard: navigation, the profile picker and the page of the current path. */
export function App() {
  const { path } = useRoute();
  const { profile, explicit } = useProfile();
  const link = (to: string): string => withProfile(to, explicit);
  const section = '/' + (path.split('/')[1] ?? '');
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">StreamPulse</strong>
        <nav>
          {NAV.map((n) => (
            <Link key={n.path} to={link(n.path)} className={section === n.path ? 'active' : ''}>
              {n.label}
            </Link>
          ))}
        </nav>
        <ProfilePicker profile={profile} path={path} />
      </header>
      <main data-profile={profile ?? ''}>
        {profile ? (
          <Suspense fallback={<p className="muted">Loading…</p>}>{page(path, profile, link)}</Suspense>
        ) : (
          <p className="muted">Connecting to the server…</p>
        )}
      </main>
    </div>
  );
}
