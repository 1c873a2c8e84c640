import { api, unwrap } from '../api/client.js';
import { useApi } from './use-api.js';
import { useProfilesChanged } from './profiles-changed.js';
import { navigate, withProfile } from './router.js';

/** Picks the profile shown; the choice goes into the URL (`?profile=P`). */
export function ProfilePicker({ profile, path }: { profile: string | null; path: string }) {
  const profiles = useApi('profiles', (signal) => unwrap(api.GET('/api/profiles', { signal })));
  useProfilesChanged(profiles.reload);
  const list = profiles.data?.profiles ?? [];
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
