import { useSyncExternalStore } from 'react';

/** The current location as the app reads it. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = (): string => window.location.pathname + window.location.search;

/** Re-renders on navigation; the app has a handful of routes, so no router library. */
export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname.replace(/\/+$/, '') || '/', params: url.searchParams };
}

/** Goes to `to` (path and query), adding a history entry unless `replace`. */
export function navigate(to: string, replace = false): void {
  if (to === snapshot()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

/** A path with the current profile kept in its query, so every page stays on the profile picked. */
export function withProfile(
  path: string,
  profile: string | null,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams(extra);
  if (profile) params.set('profile', profile);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
