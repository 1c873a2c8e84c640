import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { usePageTitle } from '../../app/page-title.js';
import { useApi } from '../../app/use-api.js';
import { useLogin } from '../../app/use-login.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PasswordResetForm } from './password-reset-form.js';
import { UserForm } from './user-form.js';
import type { ListedUser, UserChange } from './user-types.js';
import { UsersTable } from './users-table.js';

/** Describes a change made, for the status line. */
function describeChange(user: ListedUser, change: UserChange): string {
  if (change.disabled === true) return `${user.name} is disabled; their logins were ended.`;
  if (change.disabled === false) return `${user.name} may log in again.`;
  return change.is_admin ? `${user.name} is a server admin.` : `${user.name} is no longer a server admin.`;
}

/** The server's users, for server admins: create, disable or enable, make admin, set a password. */
export default function UsersPage() {
  usePageTitle('Users');
  const login = useLogin();
  const users = useApi('users', (signal) => unwrap(api.GET('/api/users', { signal })));
  const [resetting, setResetting] = useState<ListedUser | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const change = (user: ListedUser, body: UserChange): void => {
    unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body })).then(
      () => {
        setError(null);
        setStatus(describeChange(user, body));
        users.reload();
      },
      (err: unknown) => setError(err),
    );
  };
  const created = (user: ListedUser): void => {
    setStatus(`${user.name} can log in now.`);
    users.reload();
  };
  const passwordSet = (message: string | null): void => {
    setResetting(null);
    if (message) setStatus(message);
  };
  return (
    <div>
      <h1>Users</h1>
      <p className="muted">
        Users log in to the dashboard and the API. Give them roles in a profile on its Settings page; server
        admins act as owners of every profile.
      </p>
      {resetting && <PasswordResetForm key={resetting.id} user={resetting} onDone={passwordSet} />}
      <section className="panel">
        <h2>Users of this server</h2>
        <UsersTable
          users={users.data?.users ?? []}
          self={login.data?.user.id ?? null}
          onChange={change}
          onResetPassword={setResetting}
        />
        <p role="status" className="muted small" data-testid="users-status">
          {status}
        </p>
        <ErrorNotice error={error ?? users.error} testId="users-error" />
      </section>
      <section className="panel">
        <h2>New user</h2>
        <UserForm onCreated={created} />
      </section>
    </div>
  );
}
