import { useState, type FormEvent } from 'react';
import { api, errorMessage, unwrap } from '../api/client.js';
import { Link } from './link.js';
import { usePageTitle } from './page-title.js';
import { notifyProfilesChanged } from './profiles-changed.js';
import { navigate, withProfile } from './router.js';

/** In place of every page while the user has no profile: what a profile is, and a form to make one. */
export function NoProfile({ path }: { path: string }) {
  usePageTitle('No profile yet');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = (e: FormEvent): void => {
    e.preventDefault();
    unwrap(api.POST('/api/profiles', { body: { id, name: name || id } }))
      .then(() => {
        notifyProfilesChanged();
        navigate(withProfile(path, id));
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <section className="panel" data-testid="no-profile">
      <h1>No profile yet</h1>
      <p>
        A profile holds the streams of one creator and everything recorded from them. Create one to start.
      </p>
      <form className="form-row" onSubmit={create}>
        <label>
          Id
          <input value={id} onChange={(e) => setId(e.target.value)} placeholder="my-channel" required />
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="My channel" />
        </label>
        <button type="submit">Create profile</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** In place of a page whose profile (named in the URL) is gone or not the user's. */
export function ProfileMissing({ profile, path }: { profile: string; path: string }) {
  usePageTitle('Profile not found');
  return (
    <section className="panel" data-testid="profile-missing">
      <h1>Profile not found</h1>
      <p>
        There is no profile &lsquo;{profile}&rsquo; that you can see: it may have been deleted.{' '}
        <Link to={path}>Show the default profile</Link>, or pick another above.
      </p>
    </section>
  );
}
