import type { Profile } from '../api/openapi.gen.js';
import { navigate, withProfile } from './router.js';

/** Picks the profile shown among `profiles` (null while unread); the choice goes into the URL (`?profile=P`). */
export function ProfilePicker({
  profile,
  profiles,
  path,
}: {
  profile: string | null;
  profiles: Profile[] | null;
  path: string;
}) {
  const list = profiles ?? [];
  const known = list.some((p) => p.id === profile);
  return (
    <label className="picker">
      Profile{' '}
      <select
        data-testid="profile-picker"
        value={profile ?? ''}
        onChange={(e) => navigate(withProfile(path, e.target.value))}
      >
        {!known && profile && <option value={profile}>{profile}</option>}
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.id})
          </option>
        ))}
      </select>
    </label>
  );
}
