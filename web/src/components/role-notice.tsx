import type { ProfileRole } from '../../../src/core/roles.js';

/** Says why a page shows nothing to change: the user's role in the profile is too low. */
export function RoleNotice({ needed }: { needed: ProfileRole }) {
  return (
    <p className="notice" role="note" data-testid="role-notice">
      Only {needed === 'owner' ? 'owners' : 'editors and owners'} of this profile can change this. Ask an owner for a
      higher role.
    </p>
  );
}
