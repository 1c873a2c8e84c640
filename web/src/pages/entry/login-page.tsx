import { useEffect, useState, type FormEvent } from 'react';
import { loginChanged } from '../../app/login-changed.js';
import { api, ApiError, unwrap } from '../../api/client.js';
import { safeNext } from '../../app/login-redirect.js';
import { usePageTitle } from '../../app/page-title.js';
import { navigate, useRoute } from '../../app/router.js';
import { useApi } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';

/** Counts `seconds` down to 0, one a second; set it again to start over. */
function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const tick = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(tick);
  }, [left]);
  return [left, setLeft];
}

/** Logs in, then goes back to the page that asked for it (`?next=`, a path of this app). */
export default function LoginPage() {
  usePageTitle('Log in');
  const { params } = useRoute();
  const next = safeNext(params.get('next'));
  const setup = useApi('setup', (signal) => unwrap(api.GET('/api/setup', { signal })));
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isSending, setSending] = useState(false);
  const [wait, setWait] = useCountdown();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setSending(true);
    unwrap(api.POST('/api/auth/login', { body: { name, password } })).then(
      (login) => {
        loginChanged(login.csrf_token);
        navigate(next, true);
      },
      (err: unknown) => {
        setError(err);
        setSending(false);
        if (err instanceof ApiError && err.status === 429) setWait(err.retryAfterSeconds ?? 0);
      },
    );
  };
  return (
    <section className="panel">
      <h1>Log in</h1>
      {setup.data?.needed && (
        <p data-testid="login-setup-needed">
          No account exists yet: open the setup link StreamPulse printed when it started.
        </p>
      )}
      <form className="stacked" onSubmit={submit} data-testid="login-form">
        <label>
          Name
          <input
            required
            name="name"
            autoComplete="username"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            required
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" disabled={isSending || wait > 0}>
          Log in
        </button>
        <ErrorNotice error={error} testId="login-error" />
        {wait > 0 && (
          <p className="muted" data-testid="login-wait">
            You can try again in {wait} s.
          </p>
        )}
      </form>
    </section>
  );
}
