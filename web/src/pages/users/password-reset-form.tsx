import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { NewPasswordFields, newPasswordProblem } from '../../components/new-password-fields.js';
import type { ListedUser } from './user-types.js';

/** Sets a new password for a user who lost theirs; the server ends their logins. */
export function PasswordResetForm(props: { user: ListedUser; onDone: (message: string | null) => void }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const problem = newPasswordProblem(password, again);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    unwrap(
      api.PATCH('/api/users/{id}', { params: { path: { id: props.user.id } }, body: { password } }),
    ).then(
      () => props.onDone(`The password of ${props.user.name} is set; their logins were ended.`),
      (err: unknown) => setError(err),
    );
  };
  return (
    <section className="panel notice" aria-labelledby="password-reset-title">
      <h2 id="password-reset-title">New password for {props.user.name}</h2>
      <form className="stacked" onSubmit={submit} data-testid="password-reset-form">
        <NewPasswordFields
          labels={['New password', 'New password again']}
          password={password}
          again={again}
          onPassword={setPassword}
          onAgain={setAgain}
        />
        <div className="form-row">
          <button type="submit">Set the password</button>
          <button type="button" onClick={() => props.onDone(null)}>
            Cancel
          </button>
        </div>
        <ErrorNotice error={error} testId="password-reset-error" />
      </form>
    </section>
  );
}
