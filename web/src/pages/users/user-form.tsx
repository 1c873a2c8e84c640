import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { NewPasswordFields, newPasswordProblem } from '../../components/new-password-fields.js';
import type { ListedUser } from './user-types.js';

/** Creates a user with a name and a first password, optionally a server admin. */
export function UserForm({ onCreated }: { onCreated: (user: ListedUser) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [isAdmin, setAdmin] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const problem = newPasswordProblem(password, again);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    unwrap(api.POST('/api/users', { body: { name, password, is_admin: isAdmin } })).then(
      (user) => {
        setError(null);
        setName('');
        setPassword('');
        setAgain('');
        setAdmin(false);
        onCreated(user);
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <form className="stacked" onSubmit={submit} data-testid="user-form">
      <label>
        Name
        <input
          required
          name="name"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <NewPasswordFields
        labels={['Password', 'Password again']}
        password={password}
        again={again}
        onPassword={setPassword}
        onAgain={setAgain}
      />
      <label className="check">
        <input
          type="checkbox"
          name="is-admin"
          checked={isAdmin}
          onChange={(e) => setAdmin(e.target.checked)}
        />
        Server admin <span className="muted small">manages users and every profile</span>
      </label>
      <button type="submit">Create user</button>
      <ErrorNotice error={error} testId="user-error" />
    </form>
  );
}
