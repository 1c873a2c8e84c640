import { useState, type FormEvent } from 'react';
import { api, errorMessage, unwrap } from '../../api/client.js';
import { notifyProfilesChanged } from '../../app/profiles-changed.js';
import { navigate, withProfile } from '../../app/router.js';
import { useApi } from '../../app/use-api.js';

/** Create, switch to and delete profiles (deleting asks first: it removes all the profile's data). */
export function ProfilesSettings({ profile }: { profile: string }) {
  const profiles = useApi('profiles', (signal) => unwrap(api.GET('/api/profiles', { signal })));
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = (e: FormEvent): void => {
    e.preventDefault();
    unwrap(api.POST('/api/profiles', { body: { id, name: name || id } }))
      .then(() => {
        setId('');
        setName('');
        setError(null);
        profiles.reload();
        notifyProfilesChanged();
        navigate(withProfile('/settings', id));
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  const remove = (target: string): void => {
    if (!window.confirm(`Delete the profile "${target}" and all its data? This cannot be undone.`)) return;
    unwrap(api.DELETE('/api/profiles/{profile}', { params: { path: { profile: target } } }))
      .then(() => {
        profiles.reload();
        notifyProfilesChanged();
        if (target === profile) navigate('/settings');
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <section className="panel">
      <h2>Profiles</h2>
      <table className="table compact" data-testid="profiles">
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(profiles.data?.profiles ?? []).map((p) => (
            <tr key={p.id}>
              <td>
                {p.name} <span className="muted small">{p.id}</span>{' '}
                {p.id === profile && <span className="badge ok">shown</span>}
              </td>
              <td className="actions">
                <button disabled={p.id === profile} onClick={() => navigate(withProfile('/settings', p.id))}>
                  Switch
                </button>
                <button className="danger" onClick={() => remove(p.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={create}>
        <label>
          Id
          <input
            required
            value={id}
            pattern="[a-z0-9][a-z0-9_\-]{0,63}"
            onChange={(e) => setId(e.target.value)}
          />
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit">Create profile</button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </form>
    </section>
  );
}
