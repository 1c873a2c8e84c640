import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import type { ProfileRole } from '../../app/use-login.js';
import { ErrorNotice } from '../../components/error-notice.js';

/** The roles, from least to most. */
const PROFILE_ROLES: readonly ProfileRole[] = ['viewer', 'editor', 'owner'];
const ROLE_HINTS: Record<ProfileRole, string> = {
  viewer: 'reads the profile',
  editor: 'also changes streams, settings and goals, and pushes events',
  owner: 'also manages API keys and members',
};

/**
 * Who has which role in the profile, for its owners: a user is added by name with a role, their
 * role changed or taken away (at once: their next request is refused).
 */
export function MembersSettings({ profile }: { profile: string }) {
  const members = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/members', { params: { path: { profile } }, signal })),
  );
  const [name, setName] = useState('');
  const [role, setRole] = useState<ProfileRole>('viewer');
  const [error, setError] = useState<unknown>(null);
  const give = (user: string, next: ProfileRole, onDone?: () => void): void => {
    unwrap(
      api.PUT('/api/profiles/{profile}/members/{user}', {
        params: { path: { profile, user } },
        body: { role: next },
      }),
    ).then(
      () => {
        setError(null);
        onDone?.();
        members.reload();
      },
      (err: unknown) => setError(err),
    );
  };
  const remove = (user: string): void => {
    if (!window.confirm(`Take away the role of ${user} in this profile?`)) return;
    unwrap(
      api.DELETE('/api/profiles/{profile}/members/{user}', { params: { path: { profile, user } } }),
    ).then(
      () => {
        setError(null);
        members.reload();
      },
      (err: unknown) => setError(err),
    );
  };
  const add = (e: FormEvent): void => {
    e.preventDefault();
    give(name, role, () => setName(''));
  };
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <p className="muted small">
        {PROFILE_ROLES.map((r) => `${r}: ${ROLE_HINTS[r]}`).join('; ')}. Server admins act as owners.
      </p>
      <table className="table compact" data-testid="members">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(members.data?.members ?? []).map((m) => (
            <tr key={m.user_id} data-testid="member" data-member={m.name}>
              <td>{m.name}</td>
              <td>
                <select
                  aria-label={`Role of ${m.name}`}
                  value={m.role}
                  onChange={(e) => give(m.name, e.target.value as ProfileRole)}
                >
                  {PROFILE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" className="danger" onClick={() => remove(m.name)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {members.data?.members.length === 0 && <p className="muted">No members yet.</p>}
      <form className="form-row" onSubmit={add} data-testid="member-form">
        <label>
          User name
          <input required name="member" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Role
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as ProfileRole)}>
            {PROFILE_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Add member</button>
      </form>
      <ErrorNotice error={error ?? members.error} testId="members-error" />
    </section>
  );
}
