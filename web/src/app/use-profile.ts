import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { useRoute } from './router.js';

let defaultProfile: Promise<string> | null = null;

/**
 * The profile shown when the URL names none, asked once per page load: the server's default
 * profile (`GET /api/config`) when the user may see it, else the first profile they have a role in.
 */
export function fetchDefaultProfile(): Promise<string> {
  defaultProfile ??= Promise.all([
    unwrap(api.GET('/api/config')),
    unwrap(api.GET('/api/profiles')).then(
      ({ profiles }) => profiles.map((p) => p.id),
      // Without a login the list is refused; the page asks for one.
      () => null,
    ),
  ]).then(([config, visible]) => {
    // Not kept without a login: once logged in, the profiles the user has may differ.
    if (visible === null) defaultProfile = null;
    return !visible || visible.length === 0 || visible.includes(config.default_profile)
      ? config.default_profile
      : visible[0]!;
  });
  // A failed ask is asked again next time (the server may be restarting).
  defaultProfile.catch(() => (defaultProfile = null));
  return defaultProfile;
}

/** Forgets the profile chosen for the previous login. */
export function forgetDefaultProfile(): void {
  defaultProfile = null;
}

/**
 * The profile shown: `?profile=P` in the URL, else the server's default profile.
 * `explicit` is the URL's value (null when the page uses the default), for building links.
 */
export function useProfile(): { profile: string | null; explicit: string | null } {
  const { params } = useRoute();
  const explicit = params.get('profile');
  const [fallback, setFallback] = useState<string | null>(null);
  useEffect(() => {
    if (explicit || fallback) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const ask = (): void => {
      fetchDefaultProfile()
        .then(setFallback)
        .catch(() => (retry = setTimeout(ask, 2000)));
    };
    ask();
    return () => clearTimeout(retry);
  }, [explicit, fallback]);
  return { profile: explicit ?? fallback, explicit };
}
