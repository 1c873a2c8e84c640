import { useState } from 'react';
import { loginChanged } from './login-changed.js';
import { api, ApiError, unwrap } from '../api/client.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Link } from './link.js';
import { loginPath } from './login-redirect.js';
import { navigate } from './router.js';
import { useApi } from './use-api.js';

/** Who is logged in, or null when nobody is (the server answers 401). */
async function readLogin(signal: AbortSignal) {
  try {
    return await unwrap(api.GET('/api/auth/me', { signal }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/**
 * The header's account links: the logged-in user's name, their account page and a log out;
 * a "Log in" link when nobody is logged in. `here` is the page shown (path and query), to come
 * back to; `link` keeps the profile shown in the account link.
 */
export function UserMenu(props: { path: string; here: string; link: (path: string) => string }) {
  const login = useApi('me', readLogin);
  const [error, setError] = useState<unknown>(null);
  const logOut = (): void => {
    unwrap(api.POST('/api/auth/logout')).then(
      () => {
        loginChanged(null);
        navigate('/login');
      },
      (err: unknown) => setError(err),
    );
  };
  // Nothing to say until the server answered; a server out of reach shows on the page itself.
  if (login.loading || login.error) return null;
  if (!login.data) {
    return (
      <nav className="user-menu" aria-label="Account">
        <Link to={loginPath(props.here)}>Log in</Link>
      </nav>
    );
  }
  return (
    <nav className="user-menu" aria-label="Account">
      <span data-testid="user-name">{login.data.user.name}</span>
      <Link to={props.link('/account')} current={props.path === '/account'}>
        Account
      </Link>
      <button type="button" onClick={logOut}>
        Log out
      </button>
      {error != null && <ErrorNotice error={error} testId="logout-error" />}
    </nav>
  );
}
