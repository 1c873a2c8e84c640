/** What a user may do in a profile, from least to most. */
export const PROFILE_ROLES = ['viewer', 'editor', 'owner'] as const;
export type ProfileRole = (typeof PROFILE_ROLES)[number];

/** Whether `role` allows what `needed` allows. */
export function roleAtLeast(role: ProfileRole, needed: ProfileRole): boolean {
  return PROFILE_ROLES.indexOf(role) >= PROFILE_ROLES.indexOf(needed);
}
