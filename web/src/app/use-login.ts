import { api, ApiError, unwrap } from '../api/client.js';
import type { paths } from '../api/openapi.gen.js';
import { useApi, type ApiState } from './use-api.js';

/** Who is logged in, their roles in profiles and their CSRF token, as `GET /api/auth/me` answers. */
export type Login = paths['/api/auth/me']['get']['responses'][200]['content']['application/json'];

export type ProfileRole = Login['memberships'][number]['role'];

/** Who is logged in, or null when nobody is (the server answers 401). */
export async function readLogin(signal: AbortSignal): Promise<Login | null> {
  try {
    return await unwrap(api.GET('/api/auth/me', { signal }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** The logged-in user, read when the component mounts (null data: nobody is logged in). */
export function useLogin(): ApiState<Login | null> {
  return useApi('me', readLogin);
}

/** The role the user has in `profile`: server admins own every profile; null for none. */
export function roleIn(login: Login | null, profile: string): ProfileRole | null {
  if (!login) return null;
  if (login.user.is_admin) return 'owner';
  return login.memberships.find((m) => m.profile === profile)?.role ?? null;
}
