import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { api, unwrap } from '../api/client.js';
import { LivePage } from '../pages/live/live-page.js';
import { roleAtLeast, type ProfileRole } from '../../../src/core/roles.js';
import { Link } from './link.js';
import { NeedsRole } from './needs-role.js';
import { NoProfile, ProfileMissing } from './no-profile.js';
import { useRole } from './use-role.js';
import { ENTRY_PAGES } from './login-redirect.js';
import { PageBoundary, PageLoadError } from './page-boundary.js';
import { usePageTitle } from './page-title.js';
import { ProfilePicker } from './profile-picker.js';
import { useProfilesChanged } from './profiles-changed.js';
import { useApi } from './use-api.js';
import { useRoute, withProfile } from './router.js';
import { useProfile } from './use-profile.js';
import { UserMenu } from './user-menu.js';

/** A page loaded on demand; a failed load is a `PageLoadError`, which the page boundary retries. */
function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(() =>
    load().catch((err: unknown) => {
      throw new PageLoadError(err instanceof Error ? err.message : String(err), { cause: err });
    }),
  );
}

// Everything but the live page loads on demand, keeping the first load small.
const SessionsPage = lazyPage(() => import('../pages/sessions/sessions-page.js'));
const SessionReportPage = lazyPage(() => import('../pages/sessions/session-report-page.js'));
const LeaderboardsPage = lazyPage(() => import('../pages/leaderboards-page.js'));
const ViewersPage = lazyPage(() => import('../pages/viewers-page.js'));
const HeatmapPage = lazyPage(() => import('../pages/heatmap-page.js'));
const ClipsPage = lazyPage(() => import('../pages/clips/clips-page.js'));
const ExportPage = lazyPage(() => import('../pages/export/export-page.js'));
const GoalsPage = lazyPage(() => import('../pages/goals-page.js'));
const SettingsPage = lazyPage(() => import('../pages/settings/settings-page.js'));
const KeysPage = lazyPage(() => import('../pages/keys/keys-page.js'));
const AccountPage = lazyPage(() => import('../pages/account/account-page.js'));
const UsersPage = lazyPage(() => import('../pages/users/users-page.js'));
const SystemPage = lazyPage(() => import('../pages/system/system-page.js'));
const UsagePage = lazyPage(() => import('../pages/usage/usage-page.js'));
const AuditPage = lazyPage(() => import('../pages/audit/audit-page.js'));
const LoginPage = lazyPage(() => import('../pages/entry/login-page.js'));
const SetupPage = lazyPage(() => import('../pages/entry/setup-page.js'));

/** The pages, each with the role it needs in the profile to be worth showing (none: any). */
const NAV: { path: string; label: string; needs?: ProfileRole }[] = [
  { path: '/', label: 'Live' },
  { path: '/sessions', label: 'Sessions' },
  { path: '/leaderboards', label: 'Leaderboards' },
  { path: '/viewers', label: 'Viewers' },
  { path: '/heatmap', label: 'Peak times' },
  { path: '/clips', label: 'Clips' },
  { path: '/export', label: 'Export' },
  { path: '/goals', label: 'Goals' },
  { path: '/keys', label: 'API keys', needs: 'owner' },
  { path: '/usage', label: 'Usage' },
  { path: '/audit', label: 'Audit', needs: 'owner' },
  { path: '/settings', label: 'Settings', needs: 'editor' },
];

function page(path: string, profile: string, link: (p: string) => string): ReactNode {
  const session = /^\/sessions\/(\d+)$/.exec(path);
  if (session) return <SessionReportPage profile={profile} sessionId={session[1]!} link={link} />;
  const viewer = /^\/viewers\/(.+)$/.exec(path);
  if (viewer) return <ViewersPage profile={profile} viewerId={decodeURIComponent(viewer[1]!)} link={link} />;
  switch (path) {
    case '/':
      return <LivePage profile={profile} />;
    case '/sessions':
      return <SessionsPage profile={profile} link={link} />;
    case '/leaderboards':
      return <LeaderboardsPage profile={profile} />;
    case '/viewers':
      return <ViewersPage profile={profile} viewerId={null} link={link} />;
    case '/heatmap':
      return <HeatmapPage profile={profile} />;
    case '/clips':
      return <ClipsPage profile={profile} link={link} />;
    case '/export':
      return <ExportPage profile={profile} />;
    case '/goals':
      return <GoalsPage profile={profile} />;
    case '/keys':
      return (
        <NeedsRole profile={profile} needed="owner">
          <KeysPage profile={profile} />
        </NeedsRole>
      );
    case '/usage':
      return <UsagePage profile={profile} />;
    case '/audit':
      return (
        <NeedsRole profile={profile} needed="owner">
          <AuditPage profile={profile} />
        </NeedsRole>
      );
    case '/settings':
      return (
        <NeedsRole profile={profile} needed="editor">
          <SettingsPage profile={profile} link={link} />
        </NeedsRole>
      );
    default:
      return <NotFound />;
  }
}

function NotFound() {
  usePageTitle('Not found');
  return <p>No page here.</p>;
}

/** The page of the current path: the login and setup pages on their own, else the dashboard. */
export function App() {
  const { path } = useRoute();
  return ENTRY_PAGES.has(path) ? <EntryLayout path={path} /> : <Dashboard path={path} />;
}

/** Login and setup: nothing else of the app, which would need a login to show anything. */
function EntryLayout({ path }: { path: string }) {
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">StreamPulse</strong>
      </header>
      <main className="entry">
        <PageBoundary resetKey={path}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            {path === '/setup' ? <SetupPage /> : <LoginPage />}
          </Suspense>
        </PageBoundary>
      </main>
    </div>
  );
}

/** The dashboard: navigation, the profile picker, the user menu and the page of the current path. */
function Dashboard({ path }: { path: string }) {
  const { params } = useRoute();
  const { profile, explicit, hasNone, refresh } = useProfile();
  const profiles = useApi('profiles', (signal) => unwrap(api.GET('/api/profiles', { signal })));
  useProfilesChanged(profiles.reload);
  const list = profiles.data?.profiles ?? null;
  // Judged on a list read after the last change only (a profile just created is not in the one
  // before); without a login there is no list, and the page says what it needs.
  const isGone =
    !profiles.loading && list !== null && profile !== null && !list.some((p) => p.id === profile);
  useEffect(() => {
    // The default profile was deleted since it was asked for (in another page): ask again.
    if (isGone && !explicit) refresh();
  }, [isGone, explicit, refresh]);
  const link = (to: string): string => withProfile(to, explicit);
  const section = '/' + (path.split('/')[1] ?? '');
  const query = params.toString();
  const role = useRole(profile);
  const nav = NAV.filter((n) => !n.needs || (role && roleAtLeast(role, n.needs)));
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">StreamPulse</strong>
        <nav aria-label="Pages">
          {nav.map((n) => (
            <Link key={n.path} to={link(n.path)} current={section === n.path}>
              {n.label}
            </Link>
          ))}
        </nav>
        <ProfilePicker profile={profile} profiles={list} path={path} />
        <UserMenu path={path} here={query ? `${path}?${query}` : path} link={link} />
      </header>
      <main data-profile={profile ?? ''}>
        {path === '/account' || path === '/users' || path === '/system' ? (
          // The account is the user's, and the users and the system the server's, whatever the profile.
          <PageBoundary resetKey={path}>
            <Suspense fallback={<p className="muted">Loading…</p>}>
              {path === '/users' ? <UsersPage /> : path === '/system' ? <SystemPage /> : <AccountPage />}
            </Suspense>
          </PageBoundary>
        ) : isGone && explicit ? (
          <ProfileMissing profile={explicit} path={path} />
        ) : hasNone ? (
          <NoProfile path={path} />
        ) : profile ? (
          // Keyed by profile: a page shows one profile's data and starts afresh for another.
          <PageBoundary key={profile} resetKey={path}>
            <Suspense fallback={<p className="muted">Loading…</p>}>{page(path, profile, link)}</Suspense>
          </PageBoundary>
        ) : (
          <p className="muted">Connecting to the server…</p>
        )}
      </main>
    </div>
  );
}
