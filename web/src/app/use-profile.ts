import { useCallback, useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { useProfilesChanged } from './profiles-changed.js';
import { useRoute } from './router.js';

let defaultProfile: Promise<string | null> | null = null;

/**
 * The profile shown when the URL names none, asked once per page load (and again after a profile
 * was created or deleted): the server's default profile (`GET /api/config`) when it exists and
 * the user may see it, else the first profile they have a role in; null when there is none.
 */
export function fetchDefaultProfile(): Promise<string | null> {
  defaultProfile ??= Promise.all([
    unwrap(api.GET('/api/config')),
    unwrap(api.GET('/api/profiles')).then(
      ({ profiles }) => profiles.map((p) => p.id),
      // Without a login the list is refused; the page asks for one.
      () => null,
    ),
  ]).then(([config, visible]) => {
    // Null when the server's default profile does not exist (deleted, or never created).
    const named: string | null = config.default_profile;
    // Not kept without a login: once logged in, the profiles the user has may differ.
    if (visible === null) {
      defaultProfile = null;
      return named;
    }
    return named !== null && visible.includes(named) ? named : (visible[0] ?? null);
  });
  // A failed ask is asked again next time (the server may be restarting).
  defaultProfile.catch(() => (defaultProfile = null));
  return defaultProfile;
}

/** Forgets the profile chosen for the previous login. */
export function forgetDefaultProfile(): void {
  defaultProfile = null;
}

export interface ShownProfile {
  /** The profile shown; null while it is being asked for, or when there is none. */
  profile: string | null;
  /** The URL's `?profile=P` (null when the page uses the default), for building links. */
  explicit: string | null;
  /** Whether the URL names none and the user has no profile to show. */
  hasNone: boolean;
  /** Asks again which profile to show by default (the one shown is gone). */
  refresh: () => void;
}

/** The profile shown: `?profile=P` in the URL, else the default profile (see fetchDefaultProfile). */
export function useProfile(): ShownProfile {
  const { params } = useRoute();
  const explicit = params.get('profile');
  // undefined: not known yet; null: the user has no profile.
  const [fallback, setFallback] = useState<string | null | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => {
    forgetDefaultProfile();
    setGeneration((g) => g + 1);
  }, []);
  // The default may be the profile just deleted, or there was none and one was just created.
  useProfilesChanged(refresh);
  useEffect(() => {
    if (explicit) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let isCurrent = true;
    const ask = (): void => {
      fetchDefaultProfile().then(
        (p) => {
          if (isCurrent) setFallback(p);
        },
        () => {
          if (isCurrent) retry = setTimeout(ask, 2000);
        },
      );
    };
    ask();
    return () => {
      isCurrent = false;
      clearTimeout(retry);
    };
  }, [explicit, generation]);
  return {
    profile: explicit ?? fallback ?? null,
    explicit,
    hasNone: !explicit && fallback === null,
    refresh,
  };
}
