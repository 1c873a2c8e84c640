import type { ReactNode } from 'react';
import type { ProfileRole } from '../../../src/core/roles.js';
import { roleAtLeast } from '../../../src/core/roles.js';
import { RoleNotice } from '../components/role-notice.js';
import { useRole } from './use-role.js';

/** Shows `children` to users whose role in `profile` is at least `needed`, the reason to the others. */
export function NeedsRole(props: { profile: string; needed: ProfileRole; children: ReactNode }) {
  const role = useRole(props.profile);
  if (role === undefined) return <p className="muted">Loading…</p>;
  return role && roleAtLeast(role, props.needed) ? props.children : <RoleNotice needed={props.needed} />;
}

/** `children` for users whose role in `profile` is at least `needed`; nothing for the others. */
export function IfRole(props: { profile: string; needed: ProfileRole; children: ReactNode }) {
  const role = useRole(props.profile);
  return role && roleAtLeast(role, props.needed) ? props.children : null;
}
