import { useEffect, useState } from 'react';
import { roleAtLeast, type ProfileRole } from '../../../src/core/roles.js';
import { readLogin, roleIn, type Login } from './use-login.js';

let me: Promise<Login | null> | null = null;

/** Who is logged in, with their roles (`GET /api/auth/me`), asked once per page load. */
function fetchMe(): Promise<Login | null> {
  me ??= readLogin(new AbortController().signal).catch(() => null);
  // Nobody logged in, or the server out of reach: asked again next time.
  void me.then((found) => {
    if (!found) me = null;
  });
  return me;
}
/** Forgets the previous login's roles. */
export function forgetRoles(): void {
  me = null;
}

/**
 * The user's role in `profile` (server admins: owner), null for none or no login, undefined
 * while it is being asked. Pages hide what the role may not do; the server refuses it anyway.
 */
export function useRole(profile: string | null): ProfileRole | null | undefined {
  const [answer, setAnswer] = useState<{ profile: string; role: ProfileRole | null } | null>(null);
  useEffect(() => {
    if (profile === null) return;
    let isCurrent = true;
    void fetchMe().then((found) => {
      const role = roleIn(found, profile);
      if (isCurrent) setAnswer({ profile, role });
    });
    return () => {
      isCurrent = false;
    };
  }, [profile]);
  return answer && answer.profile === profile ? answer.role : undefined;
}

/** Whether the user's role in `profile` allows what `needed` allows (false while unknown). */
export function useHasRole(profile: string | null, needed: ProfileRole): boolean {
  const role = useRole(profile);
  return role ? roleAtLeast(role, needed) : false;
}
