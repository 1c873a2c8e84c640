import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { useRoute } from './router.js';

let defaultProfile: Promise<string> | null = null;

/** The server's default profile (`GET /api/config`), asked once per page load. */
export function fetchDefaultProfile(): Promise<string> {
  defaultProfile ??= unwrap(api.GET('/api/config')).then((c) => c.default_profile);
  // A failed ask is asked again next time (the server may be restarting).
  defaultProfile.catch(() => (defaultProfile = null));
  return defaultProfile;
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
