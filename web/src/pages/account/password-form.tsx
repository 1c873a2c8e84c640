import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { NewPasswordFields, newPasswordProblem } from '../../components/new-password-fields.js';

/** Changes the password; the server ends every other login of the user, and this says so. */
export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isChanged, setChanged] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setChanged(false);
    const problem = newPasswordProblem(password, again);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    unwrap(
      api.POST('/api/auth/password', { body: { current_password: current, new_password: password } }),
    ).then(
      () => {
        setError(null);
        setChanged(true);
        setCurrent('');
        setPassword('');
        setAgain('');
        onChanged();
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <section className="panel">
      <h2>Password</h2>
      <form className="stacked" onSubmit={submit} data-testid="password-form">
        <label>
          Current password
          <input
            type="password"
            required
            name="current-password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <NewPasswordFields
          labels={['New password', 'New password again']}
          password={password}
          again={again}
          onPassword={setPassword}
          onAgain={setAgain}
        />
        <button type="submit">Change the password</button>
        <ErrorNotice error={error} testId="password-error" />
        <p role="status" data-testid="password-status">
          {isChanged && 'The password is changed, and your logins on other devices were ended.'}
        </p>
      </form>
    </section>
  );
}
