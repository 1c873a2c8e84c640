import { setCsrfToken } from '../api/client.js';
import { forgetDefaultProfile } from './use-profile.js';
import { forgetRoles } from './use-role.js';

/**
 * After a login, a setup or a logout: keeps the new login's CSRF token (null: none) and forgets
 * what was read for the previous one (its roles, the profile it was shown).
 */
export function loginChanged(csrfToken: string | null): void {
  setCsrfToken(csrfToken);
  forgetRoles();
  forgetDefaultProfile();
}
