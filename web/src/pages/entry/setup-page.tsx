import { useState, type FormEvent } from 'react';
import { loginChanged } from '../../app/login-changed.js';
import { api, ApiError, unwrap } from '../../api/client.js';
import { Link } from '../../app/link.js';
import { usePageTitle } from '../../app/page-title.js';
import { navigate } from '../../app/router.js';
import { useApi } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { NewPasswordFields, newPasswordProblem } from '../../components/new-password-fields.js';

/** The token of the link the server prints at its first start: `/setup#token=...`. */
function tokenInLink(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('token');
}

/** The first run: creates the owner account with the printed link's token, then logs in. */
export default function SetupPage() {
  usePageTitle('Set up');
  const [token] = useState(tokenInLink);
  const setup = useApi('setup', (signal) => unwrap(api.GET('/api/setup', { signal })));
  return (
    <section className="panel">
      <h1>Set up StreamPulse</h1>
      {setup.error ? (
        <ErrorNotice error={setup.error} testId="setup-error" />
      ) : !setup.data ? (
        <p className="muted">Loading…</p>
      ) : !setup.data.needed ? (
        <p data-testid="setup-done">
          The owner account exists already. <Link to="/login">Log in</Link>
        </p>
      ) : token ? (
        <OwnerForm token={token} />
      ) : (
        <p data-testid="setup-no-token">
          Open this page through the link StreamPulse printed when it started (it ends with{' '}
          <code>/setup#token=…</code>); the link holds what proves you run this server.
        </p>
      )}
    </section>
  );
}

function OwnerForm({ token }: { token: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isSending, setSending] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const problem = newPasswordProblem(password, again);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    setSending(true);
    unwrap(api.POST('/api/setup', { body: { token, name, password } })).then(
      // Replaced: the link is spent, and leaves the address bar with it.
      (owner) => {
        loginChanged(owner.csrf_token);
        navigate('/', true);
      },
      (err: unknown) => {
        setError(err);
        setSending(false);
      },
    );
  };
  return (
    <form className="stacked" onSubmit={submit} data-testid="setup-form">
      <p>Choose the name and password of the owner account; it can manage everything.</p>
      <div className="field">
        <label>
          Name
          <input
            required
            name="name"
            autoComplete="username"
            value={name}
            aria-describedby="setup-name-hint"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <span id="setup-name-hint" className="muted small">
          Without spaces; you log in with it.
        </span>
      </div>
      <NewPasswordFields
        labels={['Password', 'Password again']}
        password={password}
        again={again}
        onPassword={setPassword}
        onAgain={setAgain}
      />
      <button type="submit" disabled={isSending}>
        Create the owner account
      </button>
      <ErrorNotice error={error} testId="setup-error" />
      {error instanceof ApiError && error.code === 'SETUP_DONE' && <Link to="/login">Log in</Link>}
    </form>
  );
}
